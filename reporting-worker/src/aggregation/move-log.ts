import type { MoveRecord } from './report-delta.js';
import { bucketId } from './time-buckets.js';

/** What a range edge needs of one move; the item itself is not part of any report. */
export type LoggedMove = Omit<MoveRecord, 'itemId'>;

/** The move log document (one per UTC minute) a move at `at` belongs to. */
export const moveLogId = (at: number): string => bucketId('m', at);

/** The log documents holding the moves of [start, end). */
export function moveLogIdsOf(start: number, end: number): string[] {
  const ids: string[] = [];
  for (let at = start - (start % MINUTE_MS); at < end; at += MINUTE_MS) ids.push(moveLogId(at));
  return ids;
}

const MINUTE_MS = 60_000;

/**
 * One move as one string: the local store decodes every field of a document it reads (~30 µs per
 * object field against ~10 µs per array element), and a range's edges can hold thousands of moves.
 */
export const encodeMove = ({ at, itemTypeId, fromLocationId, toLocationId, dwellMs }: LoggedMove): string =>
  [at, itemTypeId, fromLocationId, toLocationId, dwellMs].join(' ');

export function decodeMove(entry: string): LoggedMove {
  const [at, itemTypeId, fromLocationId, toLocationId, dwellMs] = entry.split(' ') as [string, string, string, string, string];
  return { at: Number(at), itemTypeId, fromLocationId, toLocationId, dwellMs: Number(dwellMs) };
}
