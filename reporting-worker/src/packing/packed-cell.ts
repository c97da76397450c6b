import type { MovementCell } from '../aggregation/store.js';
import { ByteReader, ByteWriter } from './bytes.js';
import type { IdTable } from './id-table.js';

/** Adds `more` into `into` (per item type, and in, out, dwell per location). */
export function addCell(into: MovementCell, more: MovementCell): MovementCell {
  for (const key of ['byType', 'in', 'out', 'dwellMs'] as const) {
    const counts = more[key];
    if (!counts) continue;
    const target = (into[key] ??= {});
    for (const [id, n] of Object.entries(counts)) target[id] = (target[id] ?? 0) + n;
  }
  return into;
}

/** Every id a cell names (for the id table). */
export const idsOfCell = (cell: MovementCell): string[] =>
  [...Object.keys(cell.byType ?? {}), ...Object.keys(cell.in ?? {}), ...Object.keys(cell.out ?? {}), ...Object.keys(cell.dwellMs ?? {})];

/**
 * A cell as bytes: per item type (position, moves), then per location (position, in, out, dwell),
 * about 8 bytes per location against ~45 for the same counters as JSON-ish fields.
 */
export function encodeCell(cell: MovementCell, table: IdTable): Buffer {
  const writer = new ByteWriter();
  const types = Object.entries(cell.byType ?? {});
  writer.int(types.length);
  for (const [id, n] of types) writer.int(table.positionOf(id)).int(n);
  const locations = [...new Set([...Object.keys(cell.in ?? {}), ...Object.keys(cell.out ?? {}), ...Object.keys(cell.dwellMs ?? {})])];
  writer.int(locations.length);
  for (const id of locations) writer.int(table.positionOf(id)).int(cell.in?.[id] ?? 0).int(cell.out?.[id] ?? 0).int(cell.dwellMs?.[id] ?? 0);
  return writer.toBuffer();
}

/** The cell again, with the same keys `$inc` would have created (in without out and the reverse). */
export function decodeCell(bytes: Uint8Array, table: IdTable): MovementCell {
  if (bytes.length === 0) return {}; // nothing compacted yet
  const reader = new ByteReader(bytes);
  const cell: Required<MovementCell> = { byType: {}, in: {}, out: {}, dwellMs: {} };
  for (let n = reader.int(); n > 0; n--) cell.byType[table.idAt(reader.int())] = reader.int();
  for (let n = reader.int(); n > 0; n--) {
    const id = table.idAt(reader.int());
    const [moved, left, dwellMs] = [reader.int(), reader.int(), reader.int()];
    if (moved !== 0) cell.in[id] = moved;
    // Dwell is counted with every departure, so it exists exactly where departures do.
    if (left !== 0 || dwellMs !== 0) {
      cell.out[id] = left;
      cell.dwellMs[id] = dwellMs;
    }
  }
  return cell;
}
