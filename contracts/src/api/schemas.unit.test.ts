import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import { encodeConsistencyToken } from '../http/consistency-token.js';
import { validationProblem } from '../http/validation-problem.js';
import { consistencyTokenSchema, nameSchema } from './common.js';
import { auditQuerySchema } from './audit.js';
import { historyQuerySchema } from './history.js';
import { createItemRequestSchema, searchItemsQuerySchema, updateItemRequestSchema } from './items.js';
import { createLocationRequestSchema, locationContentsQuerySchema } from './locations.js';
import { MAX_BULK_MOVES, bulkMoveRequestSchema, moveRequestSchema } from './moves.js';
import { movementsQuerySchema } from './reports.js';
import { ROUTES } from './routes.js';
import { createUserRequestSchema, loginRequestSchema } from './users.js';

const validMove = () => ({ itemId: randomUUID(), toLocationId: randomUUID(), reason: 'restock' });

describe('REST request schemas', () => {
  it('accept a well-formed command and fill defaults', () => {
    const parsed = createItemRequestSchema.parse({ itemTypeId: randomUUID(), kind: 'CHILD', name: ' Laptop 7 ', locationId: randomUUID() });
    assert.equal(parsed.name, 'Laptop 7', 'names are trimmed');
    assert.deepEqual([parsed.serialNumber, parsed.barcode, parsed.attributes], [null, null, {}]);
    assert.ok(moveRequestSchema.safeParse(validMove()).success);
  });

  it('reject any unknown field, in bodies and in queries', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((key) => !['itemId', 'toLocationId', 'reason'].includes(key)), fc.jsonValue(), (key, value) => {
      assert.equal(moveRequestSchema.safeParse({ ...validMove(), [key]: value }).success, false);
    }), { numRuns: 100 });
    assert.equal(searchItemsQuerySchema.safeParse({ serial: 'A1', sort: 'name' }).success, false);
  });

  it('reject ids that are not UUIDs and MongoDB operator objects where strings belong', () => {
    assert.equal(moveRequestSchema.safeParse({ ...validMove(), itemId: '42' }).success, false);
    assert.equal(loginRequestSchema.safeParse({ username: { $gt: '' }, password: 'x' }).success, false);
    assert.equal(createItemRequestSchema.safeParse({ itemTypeId: randomUUID(), kind: 'PARENT', name: 'p', locationId: randomUUID(), attributes: { $where: '1' } }).success, false);
  });

  it('bound strings and lists, and refuse control characters', () => {
    assert.equal(createLocationRequestSchema.safeParse({ code: 'A-1', name: 'x'.repeat(201), locationTypeId: randomUUID() }).success, false);
    assert.equal(createLocationRequestSchema.safeParse({ code: 'A-1', name: 'bad\u0000name', locationTypeId: randomUUID() }).success, false);
    assert.ok(createLocationRequestSchema.safeParse({ code: 'A-1', name: 'Gebäude 𝔘 ☃', locationTypeId: randomUUID() }).success, 'unicode letters are fine');
    assert.equal(bulkMoveRequestSchema.safeParse({ moves: [] }).success, false);
    assert.equal(bulkMoveRequestSchema.safeParse({ moves: Array.from({ length: MAX_BULK_MOVES + 1 }, validMove) }).success, false);
  });

  it('refuse an empty PATCH and weak passwords', () => {
    assert.equal(updateItemRequestSchema.safeParse({}).success, false);
    assert.equal(createUserRequestSchema.safeParse({ username: 'ann', email: 'ann@example.com', password: 'short1' }).success, false);
    assert.equal(createUserRequestSchema.safeParse({ username: 'ann', email: 'ann@example.com', password: 'lettersonlyhere' }).success, false);
    assert.deepEqual(createUserRequestSchema.parse({ username: 'ann', email: 'ann@example.com', password: 'correct horse 42' }).roles, ['viewer']);
  });

  it('date ranges: filters take any range (an inverted one is empty), the movements report refuses `from` after `to`, and unparseable dates are refused', () => {
    const date = fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) });
    fc.assert(fc.property(date, date, (a, b) => {
      const query = { from: a.toISOString(), to: b.toISOString() };
      assert.ok(historyQuerySchema.safeParse(query).success);
      assert.ok(auditQuerySchema.safeParse(query).success);
      const span = b.getTime() - a.getTime();
      assert.equal(movementsQuerySchema.safeParse(query).success, span >= 0 && span <= 366 * 86_400_000);
    }), { numRuns: 200 });
    assert.ok(movementsQuerySchema.safeParse({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success, 'from equal to to: the empty range');
    const inverted = movementsQuerySchema.safeParse({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    assert.ok(!inverted.success);
    assert.deepEqual(validationProblem(inverted.error, 'query').errors?.map(({ pointer }) => pointer), ['/from']);
    assert.equal(movementsQuerySchema.safeParse({ from: 'yesterday', to: '2026-01-01T00:00:00Z' }).success, false);
    assert.equal(movementsQuerySchema.safeParse({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', groupBy: 'week' }).success, false);
  });

  it('query strings are coerced: numbers, and flags only as "true"/"false"', () => {
    assert.deepEqual(locationContentsQuerySchema.parse({ recursive: 'true', limit: '20' }), { recursive: true, limit: 20 });
    assert.equal(locationContentsQuerySchema.safeParse({ recursive: 'maybe' }).success, false);
    assert.equal(locationContentsQuerySchema.safeParse({ limit: '0' }).success, false);
  });
});

describe('item attributes', () => {
  it('refuses keys that would inject operators or split paths, and never lets a __proto__ key through', () => {
    for (const key of ['$gt', 'a.b', 'tab\there']) {
      assert.equal(updateItemRequestSchema.safeParse({ attributes: { [key]: 'x' } }).success, false, key);
    }
    const parsed = updateItemRequestSchema.parse({ attributes: JSON.parse('{"__proto__": "x", "colour": "red"}') });
    assert.deepEqual(Object.keys(parsed.attributes!), ['colour']);
  });
});

describe('Consistency-Token header', () => {
  it('accepts every token the command side can issue, up to the 500-position maximum', () => {
    const position = fc.record({ aggregateId: fc.uuid(), aggregateVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) });
    fc.assert(fc.property(fc.array(position, { minLength: 1, maxLength: 500 }), (positions) => {
      assert.ok(consistencyTokenSchema.safeParse(encodeConsistencyToken(positions)).success);
    }), { numRuns: 100 });
  });
});

describe('route contracts', () => {
  it('each route is declared once, with a unique operationId', () => {
    assert.equal(new Set(ROUTES.map(({ method, path }) => `${method} ${path}`)).size, ROUTES.length);
    assert.equal(new Set(ROUTES.map(({ operationId }) => operationId)).size, ROUTES.length);
  });

  it('every path parameter is declared by the params schema', () => {
    for (const route of ROUTES) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      assert.deepEqual(Object.keys(route.params?.shape ?? {}), names, route.operationId);
    }
  });

  it("SPEC's REST outline is covered", () => {
    const declared = new Set(ROUTES.map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    const outline = [
      'POST /auth/login', 'POST /auth/refresh', 'POST /auth/logout', 'GET /users', 'POST /users', 'GET /users/{id}', 'PATCH /users/{id}', 'DELETE /users/{id}',
      'PUT /users/{id}/roles', 'GET /users/me', 'GET /location-types', 'POST /location-types', 'GET /location-types/{id}', 'PATCH /location-types/{id}',
      'DELETE /location-types/{id}', 'GET /item-types', 'POST /item-types', 'GET /item-types/{id}', 'PATCH /item-types/{id}', 'DELETE /item-types/{id}',
      'GET /locations', 'POST /locations', 'GET /locations/{id}', 'PATCH /locations/{id}', 'DELETE /locations/{id}', 'GET /locations/{id}/contents',
      'GET /locations/tree', 'GET /items', 'POST /items', 'GET /items/{id}', 'PATCH /items/{id}', 'DELETE /items/{id}', 'GET /items/{id}/location',
      'POST /moves', 'POST /moves/bulk', 'POST /items/{id}/assignment', 'DELETE /items/{id}/assignment', 'GET /items/{id}/history',
      'GET /locations/{id}/history', 'GET /moves', 'GET /reports/inventory-status', 'GET /reports/movements', 'GET /reports/counts', 'GET /audit',
      'GET /openapi.json', 'GET /docs',
    ];
    assert.deepEqual(outline.filter((route) => !declared.has(route)), []);
  });
});

describe('text fields (text(), e.g. nameSchema)', () => {
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
  const anyText = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), loneSurrogate, fc.constantFrom(' ', '\t', '\u0301', 'שלום', '📦')), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('accept exactly the trimmed, bounded, control-free, well-formed strings, and keep them as given', () => {
    fc.assert(fc.property(anyText, (value) => {
      const trimmed = value.trim();
      const expected = trimmed.length >= 1 && trimmed.length <= 200 && !/\p{Cc}/u.test(trimmed) && trimmed.isWellFormed();
      const result = nameSchema.safeParse(value);
      assert.equal(result.success, expected, JSON.stringify(value));
      if (result.success) assert.equal(result.data, trimmed);
    }), { numRuns: 500 });
  });

  it('count length in code points, as JSON Schema does: 200 astral characters are a name, 201 are not', () => {
    assert.equal(nameSchema.safeParse('📦'.repeat(200)).success, true);
    assert.equal(nameSchema.safeParse('📦'.repeat(201)).success, false);
    assert.equal(z.toJSONSchema(nameSchema, { io: 'input' }).maxLength, 200);
  });

  it('refuse a lone surrogate with its own message, and accept astral characters, combining marks and RTL text', () => {
    const refused = nameSchema.safeParse('half \ud83d here');
    assert.equal(refused.success, false);
    assert.match(refused.error?.issues[0]?.message ?? '', /well-formed Unicode/);
    for (const name of ['📦 box', 'e\u0301\u0308', 'שלום עולם', 'مرحبا']) assert.equal(nameSchema.parse(name), name);
  });
});
