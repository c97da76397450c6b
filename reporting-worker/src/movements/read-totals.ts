import { findByIds } from '../aggregation/find-by-ids.js';
import { readIdTable } from '../aggregation/id-table-store.js';
import { decodeMove, decodeMoves, moveLogIdsOf } from '../aggregation/move-log.js';
import { packedBytes, type ReportCollections } from '../aggregation/store.js';
import { coverRange, dayOf, typedBucketId } from '../aggregation/time-buckets.js';
import { addCell, decodeCell } from '../packing/packed-cell.js';
import type { MovementPiece } from './build.js';

/**
 * The day, hour and ten-minute buckets covering [from, to) and the logged moves of its edges, all
 * by `_id`: the all-types buckets, or just one item type's when the report is filtered. Each
 * document is its packed (compacted) part plus the live fields written since; the id table is read
 * after them, so it knows every position they use.
 */
export async function readMovementPieces(collections: ReportCollections, from: number, to: number, itemType: string | undefined): Promise<MovementPiece[]> {
  const { buckets, logRanges } = coverRange(from, to);
  const dayOfBucket = new Map(buckets.map(({ id, day }) => [itemType === undefined ? id : typedBucketId(id, itemType), day]));
  const [docs, logs] = await Promise.all([
    findByIds(collections.movements, [...dayOfBucket.keys()], { applied: 0 }),
    findByIds(collections.moveLog, logRanges.flatMap(([start, end]) => moveLogIdsOf(start, end)), { moves: 1, packed: 1 }),
  ]);
  const table = await readIdTable(collections);
  const onEdge = (at: number): boolean => logRanges.some(([start, end]) => start <= at && at < end);
  const edgeMoves = logs.flatMap(({ moves, packed }) => [...decodeMoves(packedBytes(packed), table), ...(moves ?? []).map(decodeMove)])
    .filter((move) => onEdge(move.at) && (itemType === undefined || move.itemTypeId === itemType));
  return [
    ...docs.map(({ _id, packed, byType, in: moved, out, dwellMs }) => ({ day: dayOfBucket.get(_id)!, cell: addCell(decodeCell(packedBytes(packed), table), { byType, in: moved, out, dwellMs }) })),
    ...edgeMoves.map(({ at, itemTypeId, fromLocationId, toLocationId, dwellMs }) => ({
      day: dayOf(at),
      cell: { byType: { [itemTypeId]: 1 }, in: { [toLocationId]: 1 }, out: { [fromLocationId]: 1 }, dwellMs: { [fromLocationId]: dwellMs } },
    })),
  ];
}
