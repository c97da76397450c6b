import assert from 'node:assert/strict';
import { ROUTES } from '@inventory/contracts';
import { GatewayHarness } from '../testing/gateway-harness.js';

describe('OpenAPI document and docs page', function () {
  let gateway: GatewayHarness;
  before(async function () { gateway = await GatewayHarness.start(); });
  after(async () => gateway?.stop());

  it('serves OpenAPI 3.1 covering every route of the contract, without a token', async function () {
    const answer = await gateway.request('GET', '/api/v1/openapi.json');
    assert.equal(answer.status, 200, answer.text);
    const document = answer.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(document.openapi, /^3\.1/);
    for (const route of ROUTES) {
      const operations = Object.entries(document.paths).find(([path]) => path.endsWith(route.path))?.[1];
      assert.ok(operations?.[route.method], `${route.method} ${route.path} is documented`);
    }
  });

  it('serves a browsable page whose scripts and styles come from the gateway itself', async function () {
    const page = await gateway.request('GET', '/api/v1/docs');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    for (const asset of page.text.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const answer = await gateway.request('GET', asset[1]!);
      assert.equal(answer.status, 200, `${asset[1]} is served`);
    }
  });
});
