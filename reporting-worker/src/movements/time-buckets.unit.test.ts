import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bucketId, bucketIdsAt, coverRange, dayOf } from './time-buckets.js';

const SPAN = { d: 86_400_000, h: 3_600_000, t: 600_000, m: 60_000 } as const;
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });

/** [start, end) of a bucket id, parsed back from its key. */
function spanOf(id: string): [number, number] {
  const [granularity, key] = id.split(/:(.*)/s) as [keyof typeof SPAN, string];
  const start = Date.parse(granularity === 'd' ? `${key}T00:00Z` : granularity === 'h' ? `${key}:00Z` : granularity === 't' ? `${key}0Z` : `${key}Z`);
  assert.ok(SPAN[granularity] !== undefined && !Number.isNaN(start), `${id}: a day, hour, ten-minute or minute bucket`);
  return [start, start + SPAN[granularity]];
}

describe('time buckets', () => {
  it('a range is covered exactly once, by aligned day, hour and ten-minute buckets and sub-ten-minute log ranges, in order', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 1, max: 366 * 86_400_000 }), (from, length) => {
      const to = from + length;
      const { buckets, logRanges } = coverRange(from, to);
      const pieces = [...buckets.map(({ id }) => spanOf(id)), ...logRanges].sort((a, b) => a[0] - b[0]);
      assert.equal(pieces[0]![0], from);
      assert.equal(pieces.at(-1)![1], to);
      pieces.slice(1).forEach(([start], i) => assert.equal(start, pieces[i]![1], 'contiguous, no overlap'));
      for (const [start, end] of logRanges) assert.ok(end - start < 600_000 && Math.floor(start / 600_000) === Math.floor((end - 1) / 600_000));
      for (const { id, day } of buckets) assert.equal(day, dayOf(spanOf(id)[0]));
      assert.ok(buckets.every(({ id }) => !id.startsWith('m:')) && buckets.length <= 366 + 2 * (23 + 5) && logRanges.length <= 2);
    }), { numRuns: 300 });
  });

  it('an instant lies inside each of its buckets', () => {
    fc.assert(fc.property(instant, (at) => {
      for (const granularity of ['d', 'h', 't', 'm'] as const) {
        const [start, end] = spanOf(bucketId(granularity, at));
        assert.ok(start <= at && at < end);
      }
    }), { numRuns: 100 });
  });

  it('a move is counted in three buckets: its day, its hour and its ten minutes (each level costs a move two writes)', () => {
    fc.assert(fc.property(instant, (at) => {
      assert.deepEqual(bucketIdsAt(at), [bucketId('d', at), bucketId('h', at), bucketId('t', at)]);
    }), { numRuns: 100 });
  });

  it('names buckets by UTC calendar units', () => {
    const at = Date.parse('2024-02-29T23:59:59.999Z');
    assert.deepEqual([bucketId('d', at), bucketId('h', at), bucketId('t', at), bucketId('m', at)], ['d:2024-02-29', 'h:2024-02-29T23', 't:2024-02-29T23:5', 'm:2024-02-29T23:59']);
  });
});
