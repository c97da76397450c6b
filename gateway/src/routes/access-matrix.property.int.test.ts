import assert from 'node:assert/strict';
import { ROLES, problemDetailsSchema, type Role, type RouteContract } from '@inventory/contracts';
import { internalAuthHeaders } from '@inventory/platform';
import { useInfra } from '@inventory/testkit';
import fc from 'fast-check';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';
import { routeArbitrary, urlOf } from '../testing/routes.js';
import { PROPERTY_SUITE_TIMEOUT_MS } from '../testing/property-timeout.js';

type Caller = { kind: 'anonymous' } | { kind: 'bad-token'; token: string } | { kind: 'user'; roles: Role[] };

const callerArbitrary: fc.Arbitrary<Caller> = fc.oneof(
  fc.constant({ kind: 'anonymous' as const }),
  fc.string({ minLength: 1, maxLength: 60 }).map((token) => ({ kind: 'bad-token' as const, token: token.replace(/[^\x21-\x7e]/g, 'x') })),
  fc.subarray([...ROLES], { minLength: 1 }).map((roles) => ({ kind: 'user' as const, roles })),
);

const allowed = (route: RouteContract, roles: Role[]): boolean =>
  route.access === 'public' || route.access === 'authenticated' || roles.some((role) => route.access.includes(role));

/** Property 12: every role × every route does exactly what the access matrix says; without a valid token nothing protected runs. */
describe('property 12: authentication and authorization through the gateway', function () {
  this.timeout(PROPERTY_SUITE_TIMEOUT_MS);
  let gateway: GatewayHarness;
  let adminToken: string;
  const tokensByRoles = new Map<string, string>();

  before(async function () {
    gateway = await GatewayHarness.start();
    adminToken = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(async () => gateway?.stop());

  const tokenFor = async (roles: Role[]): Promise<string> => {
    const key = [...roles].sort().join(',');
    if (!tokensByRoles.has(key)) tokensByRoles.set(key, (await gateway.userWith(roles, adminToken)).token);
    return tokensByRoles.get(key)!;
  };

  it('answers 401 / 403 / passes exactly as the route contract says, and refused calls never reach a service', async function () {
    await fc.assert(fc.asyncProperty(routeArbitrary, callerArbitrary, async (route, caller) => {
      const token = caller.kind === 'user' ? await tokenFor(caller.roles) : caller.kind === 'bad-token' ? caller.token : undefined;
      const callsBefore = gateway.upstream.calls.length;
      // No body: authorization is decided before validation, so allowed calls fail validation at worst.
      const answer = await gateway.request(route.method.toUpperCase(), urlOf(route), { token });
      const reachedService = gateway.upstream.calls.length > callsBefore;

      if (route.access !== 'public' && caller.kind !== 'user') {
        assert.equal(answer.status, 401, `${route.operationId} as ${caller.kind}: ${answer.text}`);
        assert.equal(problemDetailsSchema.parse(answer.body).code, 'UNAUTHENTICATED');
        assert.equal(reachedService, false);
      } else if (caller.kind === 'user' && !allowed(route, caller.roles)) {
        assert.equal(answer.status, 403, `${route.operationId} as ${caller.roles.join('+')}: ${answer.text}`);
        assert.equal(problemDetailsSchema.parse(answer.body).code, 'FORBIDDEN');
        assert.equal(reachedService, false);
      } else {
        assert.ok(![401, 403].includes(answer.status), `${route.operationId} as ${caller.kind === 'user' ? caller.roles.join('+') : caller.kind} was refused: ${answer.text}`);
      }
    }), { numRuns: 200 });
  });

  it('an allowed, valid call reaches the service with the internal token, the actor and correlation headers, never the client\'s bearer token', async function () {
    const token = await tokenFor(['operator']);
    const move = { itemId: '00000000-0000-4000-8000-000000000001', toLocationId: '00000000-0000-4000-8000-000000000002' };
    const answer = await gateway.request('POST', '/api/v1/moves', { token, body: move, headers: { 'x-request-id': 'corr-p12-1', 'idempotency-key': 'key-0123456789' } });
    assert.equal(answer.status, 201, answer.text);
    const call = gateway.upstream.calls.at(-1)!;
    assert.deepEqual([call.method, call.url, JSON.parse(call.body)], ['POST', '/api/v1/moves', move]);
    assert.equal(call.headers['x-request-id'], 'corr-p12-1');
    assert.equal(call.headers['x-actor-roles'], 'operator');
    assert.equal(call.headers['idempotency-key'], 'key-0123456789');
    assert.ok(call.headers['x-actor-id']);
    assert.equal(call.headers.authorization, internalAuthHeaders((await useInfra()).env.INTERNAL_AUTH_TOKEN).authorization);
  });
});
