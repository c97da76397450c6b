import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import fc from 'fast-check';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';
import { PROPERTY_SUITE_TIMEOUT_MS } from '../testing/property-timeout.js';

const BODY_LIMIT = 2_000;
const validMove = { itemId: '00000000-0000-4000-8000-000000000001', toLocationId: '00000000-0000-4000-8000-000000000002', reason: 'restock' };

type Defect = { name: string; rawBody: string; contentType?: string; headers?: Record<string, string>; url?: string };

/** Puts `{ [key]: value }` somewhere inside a copy of `body`. */
const inject = (body: Record<string, unknown>, path: string[], key: string, value: unknown): Record<string, unknown> => {
  const [head, ...rest] = path;
  if (head === undefined) return { ...body, [key]: value };
  const inner = body[head];
  return { ...body, [head]: inject(typeof inner === 'object' && inner !== null ? inner as Record<string, unknown> : {}, rest, key, value) };
};

const defectArbitrary: fc.Arbitrary<Defect> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((text) => { try { JSON.parse(`{${text}`); return false; } catch { return true; } })
    .map((text) => ({ name: 'malformed JSON', rawBody: `{${text}` })),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x')
    .map((contentType) => ({ name: 'wrong media type', rawBody: JSON.stringify(validMove), contentType })),
  fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 20 }).map((size) => ({ name: 'too large', rawBody: JSON.stringify({ ...validMove, reason: 'x'.repeat(size) }) })),
  fc.tuple(fc.array(fc.constantFrom('itemId', 'reason', 'nested'), { maxLength: 3 }), fc.constantFrom('$gt', '$ne', '$where', '$regex', 'a.b', '__proto__'))
    .map(([path, key]) => ({ name: `operator key ${key}`, rawBody: JSON.stringify(inject(validMove, path, key, '')) })),
  fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !(key in validMove))
    .map((key) => ({ name: 'unknown field', rawBody: JSON.stringify({ ...validMove, [key]: 1 }) })),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.string())
    .map((value) => ({ name: 'wrong type', rawBody: JSON.stringify({ ...validMove, itemId: value }) })),
  fc.constantFrom('short', 'has space in it', 'x'.repeat(300))
    .map((key) => ({ name: 'bad Idempotency-Key', rawBody: JSON.stringify(validMove), headers: { 'idempotency-key': key } })),
  fc.constantFrom('?unexpected=1', '?limit=0', '?limit=abc', '?cursor=%24gt', '?itemId[$gt]=')
    .map((query) => ({ name: 'bad query', rawBody: '', url: `/api/v1/moves${query}` })),
);

/** Property 14: any malformed body, query or header is refused with 400/413/415/422 before any service is called. */
describe('property 14: malformed requests never reach a service', function () {
  this.timeout(PROPERTY_SUITE_TIMEOUT_MS);
  let gateway: GatewayHarness;
  let token: string;

  before(async function () {
    gateway = await GatewayHarness.start({ BODY_LIMIT_BYTES: String(BODY_LIMIT) });
    token = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(async () => gateway?.stop());

  it('the well-formed request the defects start from does reach the service', async function () {
    const answer = await gateway.request('POST', '/api/v1/moves', { token, body: validMove });
    assert.equal(answer.status, 201, answer.text);
  });

  it('refuses every defect with a client-error problem and no upstream call', async function () {
    await fc.assert(fc.asyncProperty(defectArbitrary, async (defect) => {
      const callsBefore = gateway.upstream.calls.length;
      const answer = await gateway.request(defect.url ? 'GET' : 'POST', defect.url ?? '/api/v1/moves', {
        token,
        rawBody: defect.url ? undefined : defect.rawBody,
        headers: { 'content-type': defect.contentType ?? 'application/json', ...defect.headers },
      });
      assert.ok([400, 413, 415, 422].includes(answer.status), `${defect.name}: ${answer.status} ${answer.text}`);
      problemDetailsSchema.parse(answer.body);
      assert.equal(gateway.upstream.calls.length, callsBefore, `${defect.name} reached a service`);
    }), { numRuns: 200 });
  });
});
