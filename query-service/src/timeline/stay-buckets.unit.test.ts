import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OPEN_STAYS, bucketsAt, withStay, type StaysHolder } from './stay-buckets.js';
import { stayAt, type Stay } from './stays.js';

/** The item's documents as the projection leaves them, folded in memory by the fold's own withStay: its own stays and the sealed buckets. */
class StayDocuments {
  holder: StaysHolder = { _id: 'item' };
  readonly buckets: Stay[][] = [];

  get rows(): Stay[] {
    return this.holder.stays ?? [];
  }

  add(stay: Stay): void {
    const { holder, seal } = withStay(this.holder, stay);
    this.holder = holder;
    if (seal) this.buckets.push(seal.rows);
  }

  /** What stayOfItemAt reads: the open rows, then only the buckets bucketsAt names. */
  stayAt(at: Date): Stay | undefined {
    const open = stayAt(this.rows, at);
    const older = bucketsAt(this.holder.sealedStays ?? [], at, open?.at).flatMap(({ k }) => this.buckets[k]!);
    return stayAt([...older, ...(open ? [open] : [])], at);
  }
}

const stayAtSecond = (n: number): Stay => ({ id: `row-${n}`, at: new Date(Date.UTC(2024, 0, 1) + n * 1000) });

describe('item stays in buckets (pure, no store)', () => {
  it('one item moved 50,000 times: no document holds more than OPEN_STAYS stays, and every point in time finds its stay', () => {
    const documents = new StayDocuments();
    for (let n = 0; n < 50_000; n++) {
      documents.add(stayAtSecond(n));
      assert.ok(documents.rows.length <= OPEN_STAYS);
    }
    assert.equal(documents.buckets.length, (50_000 - OPEN_STAYS) / (OPEN_STAYS / 2));
    assert.ok(documents.buckets.every((bucket) => bucket.length === OPEN_STAYS / 2));
    for (const n of [0, 1, 99, 100, 12_345, 49_799, 49_800, 49_999]) assert.deepEqual(documents.stayAt(new Date(stayAtSecond(n).at.getTime() + 500)), stayAtSecond(n));
    assert.equal(documents.stayAt(new Date(Date.UTC(2023, 11, 31))), undefined);
  });

  it('rows arriving out of order (another partition late): the stay at any time is the one over all rows', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 900 }), fc.array(fc.integer({ min: -5, max: 2005 }), { minLength: 1, maxLength: 20 }), (seconds, probes) => {
      const documents = new StayDocuments();
      const all = seconds.map((second, i) => ({ id: `row-${i}`, at: new Date(Date.UTC(2024, 0, 1) + second * 1000) }));
      all.forEach((stay) => documents.add(stay));
      for (const probe of probes) {
        const at = new Date(Date.UTC(2024, 0, 1) + probe * 1000);
        assert.deepEqual(documents.stayAt(at), stayAt(all, at));
      }
    }), { numRuns: 100 });
  });
});
