import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES } from './error-catalog.js';
import { problem, problemDetailsSchema, ProblemError } from './problem.js';
import { validationProblem } from './validation-problem.js';

describe('error catalog and problem+json', () => {
  it('every code has an HTTP error status and a title', () => {
    for (const code of ERROR_CODES) {
      const { status, title } = ERROR_CATALOG[code];
      assert.ok(status >= 400 && status <= 599 && Number.isInteger(status), code);
      assert.ok(title.length > 0, code);
    }
  });

  it('problem() builds an envelope the schema accepts, for any code, detail and extras', () => {
    const extras = fc.record({ instance: fc.option(fc.webPath(), { nil: undefined }), correlationId: fc.option(fc.uuid(), { nil: undefined }) }, { noNullPrototype: true });
    fc.assert(fc.property(fc.constantFrom(...ERROR_CODES), fc.option(fc.string(), { nil: undefined }), extras, (code, detail, extra) => {
      const body = problem(code, detail, extra);
      assert.deepEqual(problemDetailsSchema.parse(body), body);
      assert.equal(body.status, ERROR_CATALOG[code].status);
      assert.equal(body.detail, detail);
      assert.ok(!(Object.values(body) as unknown[]).includes(undefined), 'absent members are left out, not undefined');
    }), { numRuns: 100 });
  });

  it('distinct codes get distinct problem types', () => {
    assert.equal(new Set(ERROR_CODES.map((code) => problem(code).type)).size, ERROR_CODES.length);
  });

  it('the envelope schema refuses unknown codes, a status that is not the code\'s, and unknown members', () => {
    const valid = problem('ITEM_NOT_FOUND', 'no item 42');
    assert.equal(problemDetailsSchema.safeParse({ ...valid, code: 'NOPE' }).success, false);
    assert.equal(problemDetailsSchema.safeParse({ ...valid, status: 400 }).success, false);
    assert.equal(problemDetailsSchema.safeParse({ ...valid, stack: 'Error at ...' }).success, false);
  });

  it('ProblemError carries the status and renders the same envelope', () => {
    const error = new ProblemError('CAPACITY_EXCEEDED', 'bin B-1 holds 4 of 4', { instance: '/api/v1/moves' });
    assert.equal(error.status, 422);
    assert.deepEqual(error.toProblem(), problem('CAPACITY_EXCEEDED', 'bin B-1 holds 4 of 4', { instance: '/api/v1/moves' }));
  });

  it('a ZodError becomes VALIDATION_FAILED with one JSON-pointer error per rejected field', () => {
    const schema = z.object({ moves: z.array(z.object({ itemId: z.uuid(), 'a/b': z.string() }).strict()) }).strict();
    const result = schema.safeParse({ moves: [{ itemId: 'x', 'a/b': 1 }], extra: true });
    assert.ok(!result.success);
    const body = validationProblem(result.error, 'body');
    assert.ok(problemDetailsSchema.safeParse(body).success);
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.errors!.map(({ pointer }) => pointer).sort(), ['', '/moves/0/a~1b', '/moves/0/itemId']);
    assert.ok(body.errors!.every((error) => error.in === 'body'));
  });
});
