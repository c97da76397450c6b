import assert from 'node:assert/strict';
import { isDuplicateKey } from '@inventory/platform';
import { idsOf, projected, updateDocument } from './document-ops.js';

describe('unit of work: statements on one document', () => {
  it('addresses documents by _id equality or _id $in and refuses anything that would scan', () => {
    assert.deepEqual(idsOf({ _id: 'a', v: 1 }), ['a']);
    assert.deepEqual(idsOf({ _id: { $in: ['a', 'b', 'a'] }, v: null }), ['a', 'b']);
    assert.throws(() => idsOf({ locationId: 'L' }), /by string _id/);
    assert.throws(() => idsOf({ _id: { $gt: 'a' } }), /by string _id/);
  });

  it('an upsert whose filter misses an existing document is the store\'s duplicate key, and changes nothing', () => {
    const current = { _id: 'cp', version: 3 };
    assert.throws(() => updateDocument('c', 'cp', current, { _id: 'cp', version: { $lt: 2 } }, { $set: { version: 2 } }, true), isDuplicateKey);
    assert.deepEqual(current, { _id: 'cp', version: 3 });
  });

  it('an upsert inserts the filter\'s equalities and $setOnInsert; an update leaves the caller\'s copy alone', () => {
    const inserted = updateDocument('c', 'x', null, { _id: 'x', kind: 'A', n: { $lt: 1 } }, { $set: { v: 1 }, $setOnInsert: { createdAt: 5 } }, true);
    assert.deepEqual(inserted, { doc: { _id: 'x', kind: 'A', v: 1, createdAt: 5 }, matched: false, modified: false, upserted: true });
    const before = { _id: 'x', list: ['a'] };
    const updated = updateDocument('c', 'x', before, { _id: 'x' }, { $addToSet: { list: 'b' }, $setOnInsert: { createdAt: 6 } }, true);
    assert.deepEqual(updated.doc, { _id: 'x', list: ['a', 'b'] });
    assert.deepEqual(before, { _id: 'x', list: ['a'] });
    assert.equal(updateDocument('c', 'x', before, { _id: 'x' }, { $addToSet: { list: 'a' } }, false).modified, false);
  });

  it('refuses replacement documents (only operators are re-runnable statement by statement)', () => {
    assert.throws(() => updateDocument('c', 'x', null, { _id: 'x' }, { v: 1 }, true), /update operators only/);
  });

  it('projects top-level fields like the store and never shows the revision', () => {
    const doc = { _id: 'i', a: 1, b: { c: 2 }, applied: ['e'], _rev: 'r1' };
    assert.deepEqual(projected(doc), { _id: 'i', a: 1, b: { c: 2 }, applied: ['e'] });
    assert.deepEqual(projected(doc, { a: 1 }), { _id: 'i', a: 1 });
    assert.deepEqual(projected(doc, { a: 1, _id: 0 }), { a: 1 });
    assert.deepEqual(projected(doc, { applied: 0 }), { _id: 'i', a: 1, b: { c: 2 } });
    assert.equal(projected(null, { a: 1 }), null);
  });
});
