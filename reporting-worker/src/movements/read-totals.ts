import { findByIds } from '../shared/find-by-ids.js';
import { readIdTable } from '../shared/id-table-store.js';
import { decodeMove, moveLogIdsOf, readMoves } from './move-log.js';
import { packedBytes, type ReportCollections } from '../shared/collections.js';
import { coverRange, dayOf, typedBucketId } from './time-buckets.js';
import { CellSums } from '../packing/cell-sums.js';
import type { MovementTotals } from './build.js';

const DAY_MS = 86_400_000;

/**
 * The moves of [from, to), summed: the day, hour and ten-minute buckets covering it and the logged
 * moves of its edges, all read by `_id`: the all-types buckets, or just one item type's when the
 * report is filtered. Each document is its packed (compacted) part plus the live fields written
 * since; the id table is read after them, so it knows every position they use.
 */
export async function readMovementTotals(collections: ReportCollections, from: number, to: number, itemType: string | undefined): Promise<MovementTotals> {
  const { buckets, logRanges } = coverRange(from, to);
  const dayOfBucket = new Map(buckets.map(({ id, day }) => [itemType === undefined ? id : typedBucketId(id, itemType), day]));
  const [docs, logs] = await Promise.all([
    findByIds(collections.movements, [...dayOfBucket.keys()], { applied: 0 }),
    findByIds(collections.moveLog, logRanges.flatMap(([start, end]) => moveLogIdsOf(start, end)), { moves: 1, packed: 1 }),
  ]);
  const table = await readIdTable(collections);
  const sums = new CellSums(table);
  const movesByDay = new Map<string, number>();
  const addMoves = (day: string, moves: number): void => void movesByDay.set(day, (movesByDay.get(day) ?? 0) + moves);
  for (const { _id, packed, byType, in: moved, out, dwellMs } of docs) {
    addMoves(dayOfBucket.get(_id)!, sums.addPacked(packedBytes(packed)) + sums.addLive({ byType, in: moved, out, dwellMs }));
  }
  const onEdge = (at: number): boolean => logRanges.some(([start, end]) => start <= at && at < end);
  // A range's edges hold up to ~20 minutes of moves (~4,600 at 10 M a month): summed by position, their days named once per day.
  const typePosition = itemType === undefined ? undefined : table.has(itemType) ? table.positionOf(itemType) : -1;
  const dayNames = new Map<number, string>();
  const dayOfMove = (at: number): string => {
    const start = at - (at % DAY_MS);
    if (!dayNames.has(start)) dayNames.set(start, dayOf(start));
    return dayNames.get(start)!;
  };
  for (const { packed, moves } of logs) {
    readMoves(packedBytes(packed), (at, type, from, to, dwellMs) => {
      if (!onEdge(at) || (typePosition !== undefined && type !== typePosition)) return;
      sums.addMove(type, from, to, dwellMs);
      addMoves(dayOfMove(at), 1);
    });
    for (const move of (moves ?? []).map(decodeMove)) {
      if (!onEdge(move.at) || (itemType !== undefined && move.itemTypeId !== itemType)) continue;
      addMoves(dayOf(move.at), sums.addLive({ byType: { [move.itemTypeId]: 1 }, in: { [move.toLocationId]: 1 }, out: { [move.fromLocationId]: 1 }, dwellMs: { [move.fromLocationId]: move.dwellMs } }));
    }
  }
  return { movesByDay, ...sums.total() };
}
