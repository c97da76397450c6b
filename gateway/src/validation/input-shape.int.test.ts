import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';

const deepArrays = `${'['.repeat(2_000)}${']'.repeat(2_000)}`;
const deepObjects = `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`;

/** Issue 13.1: a deep or not well-formed request is a 400 in the envelope, before any service. */
describe('gateway: depth-safe, well-formed input', function () {
  this.timeout(60_000);
  let gateway: GatewayHarness;
  let token: string;

  before(async function () {
    gateway = await GatewayHarness.start();
    token = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(async () => gateway?.stop());

  const refused = async (method: string, path: string, options: { token?: string; rawBody?: string } = {}): Promise<void> => {
    const callsBefore = gateway.upstream.calls.length;
    const answer = await gateway.request(method, path, { ...options, headers: { 'content-type': 'application/json' } });
    assert.equal(answer.status, 400, `${method} ${path}: ${answer.text.slice(0, 300)}`);
    assert.equal(problemDetailsSchema.parse(answer.body).code, 'VALIDATION_FAILED');
    assert.equal(gateway.upstream.calls.length, callsBefore, 'reached a service');
  };

  for (const [shape, rawBody] of [['arrays', deepArrays], ['objects', deepObjects]] as const) {
    it(`2,000 nested ${shape} → 400 on the public login and on a protected command`, async () => {
      await refused('POST', '/api/v1/auth/login', { rawBody: `{"username": "admin", "password": ${rawBody}}` });
      await refused('POST', '/api/v1/auth/login', { rawBody });
      await refused('POST', '/api/v1/moves', { token, rawBody: `{"itemId": ${rawBody}}` });
    });
  }

  it('a lone surrogate in a body name, a query parameter or a path parameter → 400', async () => {
    await refused('POST', '/api/v1/item-types', { token, rawBody: '{"name": "half \\ud83d here"}' });
    await refused('GET', '/api/v1/item-types?name=half%20%ED%A0%BD%20here', { token });
    await refused('GET', '/api/v1/items/%ED%A0%BD', { token });
  });

  it('astral characters, combining marks and right-to-left text reach the service byte for byte', async () => {
    const name = '📦 e\u0301\u0308 שלום مرحبا';
    const answer = await gateway.request('POST', '/api/v1/item-types', { token, body: { name } });
    assert.equal(answer.status, 201, answer.text);
    assert.equal((JSON.parse(gateway.upstream.calls.at(-1)!.body) as { name: string }).name, name);
    const listed = await gateway.request('GET', `/api/v1/item-types?name=${encodeURIComponent(name)}`, { token });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(new URL(gateway.upstream.calls.at(-1)!.url, 'http://x').searchParams.get('name'), name);
  });
});
