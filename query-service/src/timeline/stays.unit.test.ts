import assert from 'node:assert/strict';
import fc from 'fast-check';
import { neighbours, stayAt, type Stay } from './stays.js';

const stays = fc.uniqueArray(fc.record({ id: fc.uuid(), at: fc.integer({ min: 0, max: 50 }).map((ms) => new Date(ms)) }), { selector: (stay) => stay.id, maxLength: 12 });
const byTimeThenId = (a: Stay, b: Stay): number => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('an item\'s stays', () => {
  it('neighbours: the latest strictly before and the earliest strictly after', () => {
    fc.assert(fc.property(stays, fc.integer({ min: 0, max: 50 }), (rows, ms) => {
      const at = new Date(ms);
      const sorted = [...rows].sort(byTimeThenId);
      const { previous, next } = neighbours(rows, at);
      assert.equal(previous?.at.getTime(), sorted.filter((s) => s.at < at).at(-1)?.at.getTime());
      assert.equal(next?.at.getTime(), sorted.find((s) => s.at > at)?.at.getTime());
    }), { numRuns: 200 });
  });

  it('stayAt: what a sort on (occurredAt, _id) descending would take first among rows at or before the time', () => {
    fc.assert(fc.property(stays, fc.integer({ min: 0, max: 50 }), (rows, ms) => {
      const at = new Date(ms);
      assert.deepEqual(stayAt(rows, at), [...rows].sort(byTimeThenId).filter((s) => s.at <= at).at(-1));
    }), { numRuns: 200 });
  });
});
