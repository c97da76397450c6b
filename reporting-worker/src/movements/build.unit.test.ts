import assert from 'node:assert/strict';
import { movementsQuerySchema } from '@inventory/contracts';
import { buildMovements, type MovementTotals } from './build.js';

const noMoves = (): MovementTotals => ({ byType: {}, in: {}, out: {}, dwellMs: {}, movesByDay: new Map() });
const dayBuckets = (from: string, to: string) =>
  buildMovements(movementsQuerySchema.parse({ from, to, groupBy: 'day' }), noMoves(), () => undefined).buckets.map((bucket) => bucket.key);

describe('movements report by day', () => {
  it('lists every UTC day that [from, to) touches, from midday to midday', () => {
    assert.deepEqual(dayBuckets('2025-01-01T12:00:00Z', '2025-01-03T12:00:00Z'), ['2025-01-01', '2025-01-02', '2025-01-03']);
  });

  it('an empty range (`to` equal to `from`, mid-day) has no day at all', () => {
    assert.deepEqual(dayBuckets('2025-01-01T12:00:00Z', '2025-01-01T12:00:00Z'), []);
  });
});
