import { newRevision, REVISION_FIELD } from '@inventory/projection';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { addCell, decodeCell, encodeCell, idsOfCell } from '../packing/packed-cell.js';
import { packedBytes, packedText, type ReportCollections } from '../shared/collections.js';
import { findByIds } from '../shared/find-by-ids.js';
import { idTableWith } from '../shared/id-table-store.js';
import { decodeMove, decodeMoves, encodeMoves, idsOfMoves } from './move-log.js';

/**
 * Compaction: the local store decodes every field it returns (~20–70 µs each), so counters the
 * worker adds one field at a time are folded into one packed field (a few bytes per location).
 * Each fold is one conditional update on what was read (write revision `_rev` unchanged): a unit
 * of work's write that came in meanwhile makes it a no-op, and that event's own sweep round
 * compacts again. Readers add the packed part and whatever live fields are there, so nothing is
 * ever missing or counted twice. Every write sets a new `_rev`, so a projection's unit of work
 * holding an older copy of the document folds its events again into the compacted one instead of
 * writing its copy back.
 */

/** The revision as read (every write of the unit of work and of the sweeper sets one). */
const unchangedSince = (doc: { _id: string; [REVISION_FIELD]?: unknown }) => ({ _id: doc._id, [REVISION_FIELD]: doc[REVISION_FIELD] ?? { $exists: false as const } });

const LIVE_CELL = { byType: '', in: '', out: '', dwellMs: '' } as const;

/** Event ids whose markers the sweeper takes off, per document id (see sweeping/marker-sweeper.ts). */
export type SweptMarkers = ReadonlyMap<string, readonly string[]>;

/**
 * Each of `docs` compacted by `pack` (the fields to set and unset; undefined: nothing live to
 * compact) with the swept markers taken off in the same conditional write. Returns the ids whose
 * write lost to a concurrent one: their markers are still on (the sweeper pulls them alone).
 */
async function compactAndUnmark<D extends { _id: string; applied?: string[]; [REVISION_FIELD]?: unknown }>(
  collection: Collection<D>,
  docs: readonly D[],
  swept: SweptMarkers,
  pack: (doc: D) => { $set: Record<string, unknown>; $unset: Record<string, ''> } | undefined,
): Promise<string[]> {
  const writes = docs.flatMap((doc) => {
    const update = pack(doc);
    if (!update) return [];
    const gone = new Set(swept.get(doc._id) ?? []);
    const revision = newRevision();
    const unmarked = gone.size > 0 ? { applied: (doc.applied ?? []).filter((eventId) => !gone.has(eventId)) } : {};
    return [{ id: doc._id, revision, operation: { updateOne: { filter: unchangedSince(doc), update: { $set: { ...update.$set, ...unmarked, [REVISION_FIELD]: revision }, $unset: update.$unset } } } }];
  });
  if (writes.length === 0) return [];
  const { matchedCount } = await collection.bulkWrite(writes.map(({ operation }) => operation) as unknown as AnyBulkWriteOperation<D>[], { ordered: false });
  if (matchedCount === writes.length) return [];
  const stored = await findByIds(collection as unknown as Collection<{ _id: string; [REVISION_FIELD]?: unknown }>, writes.map(({ id }) => id), { [REVISION_FIELD]: 1 });
  const landed = new Set(stored.filter((doc) => writes.some(({ id, revision }) => id === doc._id && revision === doc[REVISION_FIELD])).map(({ _id }) => _id));
  return writes.filter(({ id }) => !landed.has(id)).map(({ id }) => id);
}

/**
 * Folds the live counters of the given movement buckets into their packed field, taking `swept`
 * markers off in the same write; returns the ids whose markers are still to be pulled (nothing
 * live to compact, or a write lost to a concurrent one).
 */
export async function compactMovementBuckets(collections: ReportCollections, ids: readonly string[], swept: SweptMarkers = new Map()): Promise<string[]> {
  const docs = await findByIds(collections.movements, ids, {});
  const live = docs.filter(({ byType, in: moved, out, dwellMs }) => byType ?? moved ?? out ?? dwellMs);
  const table = live.length > 0 ? await idTableWith(collections, live.flatMap((doc) => idsOfCell(doc))) : undefined;
  const lost = await compactAndUnmark(collections.movements, live, swept, (doc) => {
    const { byType, in: moved, out, dwellMs } = doc;
    const packed = addCell(decodeCell(packedBytes(doc.packed), table!), { byType, in: moved, out, dwellMs });
    return { $set: { packed: packedText(encodeCell(packed, table!)) }, $unset: LIVE_CELL };
  });
  return stillMarked(ids, live, lost);
}

/** Moves the logged moves of the given minutes into their packed field, taking `swept` markers off in the same write (returns as compactMovementBuckets). */
export async function compactMoveLogs(collections: ReportCollections, ids: readonly string[], swept: SweptMarkers = new Map()): Promise<string[]> {
  const docs = await findByIds(collections.moveLog, ids, {});
  const live = docs.filter(({ moves }) => (moves?.length ?? 0) > 0);
  const table = live.length > 0 ? await idTableWith(collections, live.flatMap(({ moves }) => idsOfMoves(moves!.map(decodeMove)))) : undefined;
  const lost = await compactAndUnmark(collections.moveLog, live, swept, (doc) => ({
    $set: { packed: packedText(encodeMoves([...decodeMoves(packedBytes(doc.packed), table!), ...doc.moves!.map(decodeMove)], table!)) },
    $unset: { moves: '' },
  }));
  return stillMarked(ids, live, lost);
}

const stillMarked = (ids: readonly string[], compacted: readonly { _id: string }[], lost: readonly string[]): string[] => {
  const done = new Set(compacted.map(({ _id }) => _id));
  for (const id of lost) done.delete(id);
  return ids.filter((id) => !done.has(id));
};
