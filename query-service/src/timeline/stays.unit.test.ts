import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stayAt, type Stay } from './stays.js';

const stays = fc.uniqueArray(fc.record({ id: fc.uuid(), at: fc.integer({ min: 0, max: 50 }).map((ms) => new Date(ms)) }), { selector: (stay) => stay.id, maxLength: 12 });
const byTimeThenId = (a: Stay, b: Stay): number => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('an item\'s stays', () => {
  it('stayAt: what a sort on (occurredAt, _id) descending would take first among rows at or before the time', () => {
    fc.assert(fc.property(stays, fc.integer({ min: 0, max: 50 }), (rows, ms) => {
      const at = new Date(ms);
      assert.deepEqual(stayAt(rows, at), [...rows].sort(byTimeThenId).filter((s) => s.at <= at).at(-1));
    }), { numRuns: 200 });
  });
});
