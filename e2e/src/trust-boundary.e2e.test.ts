import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import { useStack } from '@inventory/testkit';

/** A call as the gateway makes it to each internal service, one route of each. */
const directCalls = {
  'command-service': { method: 'POST', path: '/api/v1/moves', body: '{}' },
  'query-service': { method: 'GET', path: '/api/v1/item-types' },
  'reporting-worker': { method: 'GET', path: '/api/v1/reports/inventory-status' },
} as const;

/**
 * Issue 15.2: the services behind the gateway answer only the gateway. Called directly, without the
 * internal token or with a wrong one, each refuses with 401 INTERNAL_AUTH_REQUIRED in the envelope,
 * even when the caller claims an actor; only /health/live and /health/ready stay open.
 */
describe('trust boundary: internal services refuse callers other than the gateway', function () {
  let urls: Record<string, string>;
  let token: string;

  before(async function () {
    this.timeout(600_000);
    const stack = await useStack();
    urls = stack.urls;
    token = stack.internalAuthToken;
  });

  const call = (service: keyof typeof directCalls, path: string, headers: Record<string, string>, method = 'GET', body?: string) =>
    fetch(`${urls[service]}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });

  async function assertRefused(response: Response, what: string): Promise<void> {
    const text = await response.text();
    assert.equal(response.status, 401, `${what}: ${text}`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
    assert.equal(problemDetailsSchema.parse(JSON.parse(text)).code, 'INTERNAL_AUTH_REQUIRED', what);
  }

  for (const [service, { method, path, ...rest }] of Object.entries(directCalls) as [keyof typeof directCalls, (typeof directCalls)[keyof typeof directCalls]][]) {
    const body = 'body' in rest ? rest.body : undefined;
    it(`${service}: 401 in the envelope without the token, with a wrong one, and for /metrics; health stays open`, async function () {
      const actor = { 'x-actor-id': 'intruder', 'x-actor-roles': 'admin' };
      await assertRefused(await call(service, path, actor, method, body), `${service} ${path} without a token`);
      await assertRefused(await call(service, path, { ...actor, authorization: `Bearer ${token.slice(1)}x` }, method, body), `${service} ${path} with a wrong token`);
      await assertRefused(await call(service, path, { ...actor, authorization: token }, method, body), `${service} ${path} with the token but not as Bearer`);
      await assertRefused(await call(service, '/metrics', {}), `${service} /metrics without a token`);

      const proof = { authorization: `Bearer ${token}` };
      assert.notEqual((await call(service, path, { ...actor, ...proof }, method, body)).status, 401, `${service} ${path} with the token`);
      assert.equal((await call(service, '/metrics', proof)).status, 200, `${service} /metrics with the token`);
      assert.equal((await call(service, '/health/live', {})).status, 200, `${service} /health/live`);
      assert.equal((await call(service, '/health/ready', {})).status, 200, `${service} /health/ready`);
    });
  }
});
