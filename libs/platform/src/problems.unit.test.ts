import assert from 'node:assert/strict';
import { ProblemError, problemDetailsSchema } from '@inventory/contracts';
import { z } from 'zod';
import { toProblem } from './problems.js';

describe('toProblem: every thrown value becomes the one envelope', () => {
  it('keeps a ProblemError code and detail', () => {
    const body = toProblem(new ProblemError('CAPACITY_EXCEEDED', 'bin B-1 holds 4 of 4'));
    assert.equal(body.code, 'CAPACITY_EXCEEDED');
    assert.equal(body.status, 422);
    assert.equal(body.detail, 'bin B-1 holds 4 of 4');
  });

  it('names each invalid field of a zod failure', () => {
    const result = z.object({ name: z.string() }).strict().safeParse({ name: 1, extra: true });
    assert.ok(!result.success);
    const body = toProblem(result.error);
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.errors?.map((error) => error.pointer).sort(), ['', '/name']);
  });

  it('maps body-parser failures to their codes', () => {
    assert.equal(toProblem(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 })).code, 'MALFORMED_BODY');
    assert.equal(toProblem(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 })).status, 413);
  });

  it('maps a path parameter that is not UTF-8 (the router\'s URIError) to 400 VALIDATION_FAILED', () => {
    let thrown: unknown;
    try { decodeURIComponent('%ED%A0%BD'); } catch (error) { thrown = error; }
    assert.deepEqual([toProblem(thrown).status, toProblem(thrown).code], [400, 'VALIDATION_FAILED']);
  });

  it('hides the message of an unexpected error', () => {
    const body = toProblem(new Error('connection string mongodb://secret@host'));
    assert.equal(body.code, 'INTERNAL');
    assert.equal(body.detail, undefined);
  });

  it('always produces a body the envelope schema accepts', () => {
    for (const error of [new ProblemError('LOCATION_NOT_FOUND'), new Error('x'), null, 'text', { type: 'entity.too.large' }]) {
      assert.ok(problemDetailsSchema.safeParse(toProblem(error)).success, String(error));
    }
  });
});
