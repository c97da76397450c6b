import assert from 'node:assert/strict';
import { Query, update } from 'mingo';
import type { Document } from 'mongodb';
import { matchesCommon, updateCommon } from './common-operators.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

const DOCS: Document[] = [
  { _id: 'a' },
  { _id: 'b', version: 2, until: null, applied: ['e1', 'e2'], items: { x: { s: 1, t: 'T', p: null } }, occurredAt: at(5), name: 'm' },
  { _id: 'c', version: 7, until: at(10), applied: [], items: {}, itemTypeId: 'T', occurredAt: at(1), name: 'z' },
  { _id: 'd', version: '3', until: at(3), applied: 'e1', items: { x: { s: 5 } }, itemTypeId: null },
];

const FILTERS: Document[] = [
  { version: { $lt: 3 } }, { version: { $gte: 7 } }, { version: 2 }, { version: { $ne: 2 } },
  { $or: [{ until: null }, { until: { $gt: at(4) } }] }, { until: { $lte: at(3) } },
  { applied: { $ne: 'e1' } }, { applied: 'e2' }, { applied: { $in: ['e2', 'e9'] } },
  { 'items.x': { $exists: false } }, { 'items.x.s': { $lt: 2 } }, { 'items.x.s': 5 }, { $or: [{ 'items.x': { $exists: false } }, { 'items.x.s': { $lt: 3 } }] },
  { itemTypeId: null }, { itemTypeId: { $exists: false } }, { itemTypeId: { $exists: true } },
  { occurredAt: { $lt: at(3) } }, { name: { $gt: 'n' } }, { $and: [{ version: { $gt: 1 } }, { applied: { $ne: 'e3' } }] },
];

const MODIFIERS: Document[] = [
  { $set: { version: 3, 'items.y': { s: 2, t: 'T', p: 'x' } } }, { $set: { version: 2 } }, { $unset: { 'items.x': '' } }, { $unset: { nothing: '' } },
  { $inc: { n: 2, 'byType.T': -1 } }, { $push: { log: 'e3' } }, { $addToSet: { rows: { id: 'r', at: at(2) } } }, { $addToSet: { ids: { $each: ['x', 'y'] } } },
  { $pull: { applied: 'e1' } }, { $pullAll: { applied: ['e1', 'e2'] } }, { $set: { until: at(9) }, $inc: { version: 1 } },
];

describe('unit of work: the common filter and update operators, evaluated directly, agree with mingo', () => {
  for (const filter of FILTERS) {
    it(`filter ${JSON.stringify(filter)}`, () => {
      for (const doc of DOCS) assert.equal(matchesCommon(filter, doc), new Query(filter).test(doc), JSON.stringify(doc));
    });
  }

  for (const modifier of MODIFIERS) {
    it(`update ${JSON.stringify(modifier)}`, () => {
      for (const doc of DOCS.filter((each) => each._id !== 'd')) {
        const expected = structuredClone(doc);
        const changed = update(expected, modifier, undefined, undefined, { cloneMode: 'deep' }).length > 0;
        const before = structuredClone(doc);
        assert.deepEqual(updateCommon(doc, modifier), { doc: expected, changed }, JSON.stringify(doc));
        assert.deepEqual(doc, before, 'the input is left alone');
      }
    });
  }

  it('leaves to mingo what it does not cover', () => {
    assert.equal(matchesCommon({ 'rows.id': 'r' }, { rows: [{ id: 'r' }] }), undefined);
    assert.equal(matchesCommon({ name: { $regex: '^m' } }, { name: 'm' }), undefined);
    assert.equal(updateCommon({ list: [] }, { $push: { list: { $each: [1, 2] } } }), undefined);
    assert.equal(updateCommon({ n: 'x' }, { $inc: { n: 1 } }), undefined);
    assert.equal(updateCommon({}, { $rename: { a: 'b' } }), undefined);
  });
});
