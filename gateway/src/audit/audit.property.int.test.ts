import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { API_BASE_PATH, auditPageSchema } from '@inventory/contracts';
import fc from 'fast-check';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';
import { routeArbitrary, urlOf } from '../testing/routes.js';
import { PROPERTY_SUITE_TIMEOUT_MS } from '../testing/property-timeout.js';

/** Property 16: every state-changing request, allowed, denied or failed, leaves exactly one audit record; reads leave none. */
describe('property 16: exactly one audit record per state-changing request', function () {
  this.timeout(PROPERTY_SUITE_TIMEOUT_MS);
  let gateway: GatewayHarness;
  let adminToken: string;
  let viewerToken: string;

  before(async function () {
    gateway = await GatewayHarness.start();
    adminToken = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
    viewerToken = (await gateway.userWith(['viewer'], adminToken)).token;
  });
  after(async () => gateway?.stop());

  /** Records are written behind the responses; GET /audit first waits for every answered call's record. */
  async function recordsOf(correlationId: string) {
    const settled = await gateway.request('GET', '/api/v1/audit?limit=1', { token: adminToken });
    assert.equal(settled.status, 200, settled.text);
    return gateway.db.collection('audit').find({ correlationId }).toArray();
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
        const url = urlOf(route);
        const answer = await gateway.request(method, url, { token, rawBody: method === 'GET' ? undefined : rawBody, headers: { 'x-request-id': correlationId, 'content-type': 'application/json' } });
        const records = await recordsOf(correlationId);
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
        const idSegment = route.path.split('/').indexOf('{id}');
        if (idSegment >= 0) assert.equal(record!.targetId, url.slice(API_BASE_PATH.length).split('/')[idSegment]);
      },
    ), { numRuns: 150 });
  });

  it('GET /audit shows the target of a call', async function () {
    const target = (await gateway.userWith(['viewer'], adminToken)).id;
    const changed = await gateway.request('PUT', `/api/v1/users/${target}/roles`, { token: adminToken, body: { roles: ['analyst'] } });
    assert.equal(changed.status, 200, changed.text);
    const page = await gateway.request('GET', '/api/v1/audit?action=setUserRoles&limit=500', { token: adminToken });
    assert.ok(auditPageSchema.parse(page.body).items.some((entry) => entry.targetId === target && entry.outcome === 'SUCCEEDED'), page.text);
  });

  it('an unknown route and a wrong method are audited too, and GET /audit filters them for admins', async function () {
    const unrouted = await gateway.request('DELETE', '/api/v1/nothing-here', { token: adminToken, headers: { 'x-request-id': 'audit-unrouted-1' } });
    assert.equal(unrouted.status, 404);
    assert.equal((await recordsOf('audit-unrouted-1')).length, 1);
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
