import assert from 'node:assert/strict';
import { documentsChangedBy } from './store-writes.js';

describe('documents a write command changed, from its reply', () => {
  it('counts inserted and deleted documents, modified and upserted ones of an update, and what findAndModify changed', () => {
    assert.equal(documentsChangedBy('insert', { n: 3, ok: 1 }), 3);
    assert.equal(documentsChangedBy('delete', { n: 4, ok: 1 }), 4);
    // Matched but unchanged documents are no rewrite.
    assert.equal(documentsChangedBy('update', { n: 5, nModified: 2, upserted: [{ index: 4, _id: 'x' }], ok: 1 }), 3);
    assert.equal(documentsChangedBy('update', { n: 5, nModified: 0, ok: 1 }), 0);
    assert.equal(documentsChangedBy('findAndModify', { lastErrorObject: { n: 1, updatedExisting: true }, value: {}, ok: 1 }), 1);
    assert.equal(documentsChangedBy('findAndModify', { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 }), 0);
  });
});
