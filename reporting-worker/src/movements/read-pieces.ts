import { findByIds } from '../aggregation/find-by-ids.js';
import { decodeMove, moveLogIdsOf } from '../aggregation/move-log.js';
import type { ReportCollections } from '../aggregation/store.js';
import { coverRange, dayOf, typedBucketId } from '../aggregation/time-buckets.js';
import type { MovementPiece } from './build.js';

/**
 * The day and hour buckets covering [from, to) and the logged moves of its sub-hour edges,
 * all by `_id`: the all-types buckets, or just one item type's when the report is filtered.
 */
export async function readMovementPieces(collections: ReportCollections, from: number, to: number, itemType: string | undefined): Promise<MovementPiece[]> {
  const { buckets, logRanges } = coverRange(from, to);
  const dayOfBucket = new Map(buckets.map(({ id, day }) => [itemType === undefined ? id : typedBucketId(id, itemType), day]));
  const [docs, logs] = await Promise.all([
    findByIds(collections.movements, [...dayOfBucket.keys()], { applied: 0 }),
    findByIds(collections.moveLog, logRanges.flatMap(([start, end]) => moveLogIdsOf(start, end)), { moves: 1 }),
  ]);
  const onEdge = (at: number): boolean => logRanges.some(([start, end]) => start <= at && at < end);
  const edgeMoves = logs.flatMap(({ moves }) => (moves ?? []).map(decodeMove))
    .filter((move) => onEdge(move.at) && (itemType === undefined || move.itemTypeId === itemType));
  return [
    ...docs.map(({ _id, applied: _applied, ...cell }) => ({ day: dayOfBucket.get(_id)!, cell })),
    ...edgeMoves.map(({ at, itemTypeId, fromLocationId, toLocationId, dwellMs }) => ({
      day: dayOf(at),
      cell: { byType: { [itemTypeId]: 1 }, in: { [toLocationId]: 1 }, out: { [fromLocationId]: 1 }, dwellMs: { [fromLocationId]: dwellMs } },
    })),
  ];
}
