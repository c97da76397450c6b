import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { auditPageSchema } from '@inventory/contracts';
import fc from 'fast-check';
import { ADMIN, GatewayHarness } from '../test-support/gateway-harness.js';
import { routeArbitrary, urlOf } from '../test-support/routes.js';

/** Property 16: every state-changing request, allowed, denied or failed, leaves exactly one audit record; reads leave none. */
describe('property 16: exactly one audit record per state-changing request', function () {
  let gateway: GatewayHarness;
  let adminToken: string;
  let viewerToken: string;

  before(async function () {
    gateway = await GatewayHarness.start();
    adminToken = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
    viewerToken = (await gateway.userWith(['viewer'], adminToken)).token;
  });
  after(async () => gateway?.stop());

  /** Records are written when the response is done: wait for them to settle. */
  async function recordsOf(correlationId: string, expected: number) {
    const audit = gateway.db.collection('audit');
    for (let attempt = 0; attempt < 50 && (await audit.countDocuments({ correlationId })) < expected; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return audit.find({ correlationId }).toArray();
  }

  it('writes one record with who, action, outcome and status for each', async function () {
    await fc.assert(fc.asyncProperty(
      routeArbitrary,
      fc.constantFrom('none', 'admin', 'viewer', 'garbage'),
      fc.constantFrom(undefined, '{}', '{"bad json'),
      async (route, tokenKind, rawBody) => {
        const correlationId = randomUUID();
        const token = { none: undefined, admin: adminToken, viewer: viewerToken, garbage: 'garbage' }[tokenKind];
        const method = route.method.toUpperCase();
        const answer = await gateway.request(method, urlOf(route), { token, rawBody: method === 'GET' ? undefined : rawBody, headers: { 'x-request-id': correlationId, 'content-type': 'application/json' } });
        const records = await recordsOf(correlationId, method === 'GET' ? 0 : 1);
        if (method === 'GET') return assert.equal(records.length, 0, `a read was audited: ${route.operationId}`);
        assert.equal(records.length, 1, `${route.operationId} as ${tokenKind}: ${records.length} records`);
        const [record] = records;
        assert.equal(record!.status, answer.status);
        assert.equal(record!.action, route.operationId);
        const outcome = answer.status < 400 ? 'SUCCEEDED' : [401, 403, 429].includes(answer.status) ? 'DENIED' : 'FAILED';
        assert.equal(record!.outcome, outcome);
        // Public routes do not read tokens; a login names its user once the password matched.
        const identified = route.access !== 'public' && (tokenKind === 'admin' || tokenKind === 'viewer');
        assert.equal(record!.userId !== null, identified || (route.operationId === 'login' && answer.status === 200));
        assert.equal(record!.errorCode, answer.status >= 400 ? (answer.body as { code: string }).code : null);
      },
    ), { numRuns: 150 });
  });

  it('an unknown route and a wrong method are audited too, and GET /audit filters them for admins', async function () {
    const unrouted = await gateway.request('DELETE', '/api/v1/nothing-here', { token: adminToken, headers: { 'x-request-id': 'audit-unrouted-1' } });
    assert.equal(unrouted.status, 404);
    assert.equal((await recordsOf('audit-unrouted-1', 1)).length, 1);
    const page = await gateway.request('GET', `/api/v1/audit?action=unrouted&outcome=FAILED&limit=500`, { token: adminToken });
    assert.equal(page.status, 200, page.text);
    const entries = auditPageSchema.parse(page.body).items;
    assert.ok(entries.some((entry) => entry.correlationId === 'audit-unrouted-1'));
    assert.ok(entries.every((entry) => entry.action === 'unrouted' && entry.outcome === 'FAILED'));
    assert.equal((await gateway.request('GET', '/api/v1/audit', { token: viewerToken })).status, 403);
  });

  it('pages through the log in order with the cursor', async function () {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await gateway.request('GET', `/api/v1/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token: adminToken });
      const body = auditPageSchema.parse(page.body);
      seen.push(...body.items.map((entry) => entry.at));
      cursor = body.nextCursor;
    } while (cursor);
    assert.ok(seen.length > 7);
    assert.deepEqual(seen, [...seen].sort());
  });
});
