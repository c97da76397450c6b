import assert from 'node:assert/strict';
import { PROBLEM_CONTENT_TYPE, problemDetailsSchema } from '@inventory/contracts';
import fc from 'fast-check';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';
import type { UpstreamReply } from '../testing/fake-upstream.js';
import { routeArbitrary, urlOf } from '../testing/routes.js';
import { PROPERTY_SUITE_TIMEOUT_MS } from '../testing/property-timeout.js';

const UPSTREAM_TIMEOUT_MS = 300;

/** How the service behind the gateway behaves for one request. */
const upstreamBehaviours: Record<string, UpstreamReply> = {
  succeeds: () => ({ status: 200, contentType: 'application/json', body: '{"ok":true}' }),
  refusesWithProblem: () => ({ status: 409, contentType: PROBLEM_CONTENT_TYPE, body: JSON.stringify({ type: 'urn:inventory:problem:duplicate-name', title: 'The name is already taken', status: 409, code: 'DUPLICATE_NAME' }) }),
  // A service whose INTERNAL_AUTH_TOKEN is not the gateway's.
  refusesTheGateway: () => ({ status: 401, contentType: PROBLEM_CONTENT_TYPE, body: JSON.stringify({ type: 'urn:inventory:problem:internal-auth-required', title: 'Only the gateway may call this service', status: 401, code: 'INTERNAL_AUTH_REQUIRED' }) }),
  crashesWithHtml: () => ({ status: 500, contentType: 'text/html', body: '<h1>oops</h1>' }),
  answersBrokenProblem: () => ({ status: 500, contentType: PROBLEM_CONTENT_TYPE, body: '{"oops":' }),
  // undici checks header timeouts on a coarse clock (ticks of ~0.5 s): the answer must come well after that.
  hangs: () => ({ status: 200, contentType: 'application/json', body: '{}', delayMs: UPSTREAM_TIMEOUT_MS + 3000 }),
};

const pathArbitrary = fc.oneof(
  routeArbitrary.map(urlOf),
  fc.webPath().map((path) => `/api/v1${path}`),
  fc.webPath(),
);

/** Property 15: every error response, from every path, matches the one envelope. */
describe('property 15: one error envelope for every failure', function () {
  this.timeout(PROPERTY_SUITE_TIMEOUT_MS);
  let gateway: GatewayHarness;
  let adminToken: string;

  before(async function () {
    gateway = await GatewayHarness.start({ UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS) });
    adminToken = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(async () => gateway?.stop());

  it('answers every error as application/problem+json matching the envelope schema', async function () {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      pathArbitrary,
      fc.constantFrom('none', 'admin', 'garbage'),
      fc.constantFrom(undefined, '{}', '{"bad json', '[1,2]'),
      fc.constantFrom(...Object.keys(upstreamBehaviours)),
      async (method, path, tokenKind, rawBody, behaviour) => {
        gateway.upstream.reply = upstreamBehaviours[behaviour]!;
        const token = tokenKind === 'admin' ? adminToken : tokenKind === 'garbage' ? 'garbage' : undefined;
        const answer = await gateway.request(method, path, { token, rawBody: method === 'GET' ? undefined : rawBody, headers: rawBody ? { 'content-type': 'application/json' } : {} });
        if (answer.status < 400) return;
        assert.ok(answer.headers.get('content-type')?.startsWith(PROBLEM_CONTENT_TYPE), `${method} ${path}: ${answer.headers.get('content-type')}`);
        const parsed = problemDetailsSchema.safeParse(answer.body);
        assert.ok(parsed.success, `${method} ${path} (${behaviour}): ${answer.text}`);
      },
    ), { numRuns: 200 });
  });

  it('maps each upstream failure to its code and passes a service problem through unchanged', async function () {
    const expectations: Record<string, [number, string | undefined]> = {
      refusesWithProblem: [409, 'DUPLICATE_NAME'],
      refusesTheGateway: [503, 'UPSTREAM_UNAVAILABLE'],
      crashesWithHtml: [503, 'UPSTREAM_UNAVAILABLE'],
      answersBrokenProblem: [503, 'UPSTREAM_UNAVAILABLE'],
      hangs: [504, 'UPSTREAM_TIMEOUT'],
    };
    for (const [behaviour, [status, code]] of Object.entries(expectations)) {
      gateway.upstream.reply = upstreamBehaviours[behaviour]!;
      const answer = await gateway.request('GET', '/api/v1/items', { token: adminToken });
      assert.deepEqual([answer.status, (answer.body as { code?: string }).code], [status, code], behaviour);
    }
    gateway.upstream.reply = upstreamBehaviours.refusesWithProblem!;
    const passed = await gateway.request('GET', '/api/v1/items', { token: adminToken });
    assert.equal(passed.text, upstreamBehaviours.refusesWithProblem!({ method: '', url: '', headers: {}, body: '' }).body);
  });

  it('a stopped service is UPSTREAM_UNAVAILABLE', async function () {
    const stopped = await GatewayHarness.start({ QUERY_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const token = (await stopped.login(ADMIN.username, ADMIN.password)).accessToken;
      const answer = await stopped.request('GET', '/api/v1/items', { token });
      assert.deepEqual([answer.status, (answer.body as { code?: string }).code], [503, 'UPSTREAM_UNAVAILABLE']);
    } finally {
      await stopped.stop();
    }
  });
});
