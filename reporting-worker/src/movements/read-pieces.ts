import { findByIds } from '../aggregation/find-by-ids.js';
import type { ReportCollections } from '../aggregation/store.js';
import { coverRange, dayOf } from '../aggregation/time-buckets.js';
import type { MovementPiece } from './build.js';

/** The day/hour/minute buckets covering [from, to) by id, and the logged moves of the sub-minute edges. */
export async function readMovementPieces(collections: ReportCollections, from: number, to: number): Promise<MovementPiece[]> {
  const { buckets, logRanges } = coverRange(from, to);
  const dayOfBucket = new Map(buckets.map(({ id, day }) => [id, day]));
  const [docs, moves] = await Promise.all([
    findByIds(collections.movements, [...dayOfBucket.keys()], { applied: 0 }),
    logRanges.length === 0 ? [] : collections.moves.find({ $or: logRanges.map(([start, end]) => ({ at: { $gte: new Date(start), $lt: new Date(end) } })) }).toArray(),
  ]);
  return [
    ...docs.flatMap(({ _id, cells }) => Object.entries(cells ?? {}).map(([itemTypeId, cell]) => ({ day: dayOfBucket.get(_id)!, itemTypeId, cell }))),
    ...moves.map(({ at, itemTypeId, fromLocationId, toLocationId, dwellMs }) => ({
      day: dayOf(at.getTime()),
      itemTypeId,
      cell: { moves: 1, in: { [toLocationId]: 1 }, out: { [fromLocationId]: 1 }, dwellMs: { [fromLocationId]: dwellMs } },
    })),
  ];
}
