import { ByteReader, ByteWriter } from '../packing/bytes.js';
import type { IdTable } from '../packing/id-table.js';
import { bucketId } from './time-buckets.js';

/** What a range edge needs of one move; the item itself is not part of any report. */
export interface LoggedMove {
  at: number;
  itemTypeId: string;
  fromLocationId: string;
  toLocationId: string;
  /** How long the item had stood where it left. */
  dwellMs: number;
}

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

export const idsOfMoves = (moves: readonly LoggedMove[]): string[] => moves.flatMap(({ itemTypeId, fromLocationId, toLocationId }) => [itemTypeId, fromLocationId, toLocationId]);

/** A compacted minute's moves as bytes: times as differences, ids as id-table positions (~12 bytes a move against ~130 as strings). */
export function encodeMoves(moves: readonly LoggedMove[], table: IdTable): Buffer {
  const writer = new ByteWriter().int(moves.length);
  let previous = 0;
  for (const { at, itemTypeId, fromLocationId, toLocationId, dwellMs } of moves) {
    writer.int(at - previous).int(table.positionOf(itemTypeId)).int(table.positionOf(fromLocationId)).int(table.positionOf(toLocationId)).int(dwellMs);
    previous = at;
  }
  return writer.toBuffer();
}

/** Visits a compacted minute's moves with their ids as id-table positions, in the order they were logged. */
export function readMoves(bytes: Uint8Array, onMove: (at: number, itemType: number, from: number, to: number, dwellMs: number) => void): void {
  if (bytes.length === 0) return; // nothing compacted yet
  const reader = new ByteReader(bytes);
  let at = 0;
  for (let n = reader.int(); n > 0; n--) {
    at += reader.int();
    onMove(at, reader.int(), reader.int(), reader.int(), reader.int());
  }
}

export function decodeMoves(bytes: Uint8Array, table: IdTable): LoggedMove[] {
  const moves: LoggedMove[] = [];
  readMoves(bytes, (at, itemType, from, to, dwellMs) => moves.push({ at, itemTypeId: table.idAt(itemType), fromLocationId: table.idAt(from), toLocationId: table.idAt(to), dwellMs }));
  return moves;
}
