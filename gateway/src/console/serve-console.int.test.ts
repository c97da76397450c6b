import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GatewayHarness } from '../testing/gateway-harness.js';

describe('gateway serves the built console at / (CONSOLE_DIR)', function () {
  let gateway: GatewayHarness;
  let dir: string;
  before(async function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/app-1.js"></script>');
    writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log(1);');
    gateway = await GatewayHarness.start({ CONSOLE_DIR: dir });
  });
  after(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml' };

  it('answers / and any client-side route with index.html, revalidated', async function () {
    for (const page of ['/', '/items/0b3c6f1e-0000-4000-8000-000000000000', '/locations']) {
      const answer = await gateway.request('GET', page, { headers: html });
      assert.equal(answer.status, 200, page);
      assert.match(answer.text, /<title>console<\/title>/);
      assert.equal(answer.headers.get('cache-control'), 'no-cache');
    }
  });

  it('serves hashed assets with a long cache life', async function () {
    const answer = await gateway.request('GET', '/assets/app-1.js');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /javascript/);
    assert.match(answer.headers.get('cache-control') ?? '', /immutable/);
  });

  it('leaves the API its own answers: an unknown API route is still a problem, not the console', async function () {
    const answer = await gateway.request('GET', '/api/v1/no-such-thing', { headers: html });
    assert.equal(answer.status, 404);
    assert.equal((answer.body as { code: string }).code, 'ROUTE_NOT_FOUND');
    const missingAsset = await gateway.request('GET', '/assets/missing.js');
    assert.equal(missingAsset.status, 404);
  });
});
