import { newRevision, REVISION_FIELD } from '@inventory/projection';
import type { AnyBulkWriteOperation } from 'mongodb';
import { addCell, decodeCell, encodeCell, idsOfCell } from '../packing/packed-cell.js';
import { packedBytes, packedText, type ReportCollections } from '../shared/collections.js';
import { findByIds } from '../shared/find-by-ids.js';
import { idTableWith } from '../shared/id-table-store.js';
import type { MovementBucketDoc } from './move-buckets.js';
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

/** Folds the live counters of the given movement buckets into their packed field. */
export async function compactMovementBuckets(collections: ReportCollections, ids: readonly string[]): Promise<void> {
  const docs = (await findByIds(collections.movements, ids, { applied: 0 })).filter(({ byType, in: moved, out, dwellMs }) => byType ?? moved ?? out ?? dwellMs);
  if (docs.length === 0) return;
  const table = await idTableWith(collections, docs.flatMap((doc) => idsOfCell(doc)));
  const operations: AnyBulkWriteOperation<MovementBucketDoc>[] = docs.map((doc) => {
    const { byType, in: moved, out, dwellMs } = doc;
    const packed = addCell(decodeCell(packedBytes(doc.packed), table), { byType, in: moved, out, dwellMs });
    return { updateOne: { filter: unchangedSince(doc), update: { $set: { packed: packedText(encodeCell(packed, table)), [REVISION_FIELD]: newRevision() }, $unset: LIVE_CELL } } };
  });
  await collections.movements.bulkWrite(operations, { ordered: false });
}

/** Moves the logged moves of the given minutes into their packed field. */
export async function compactMoveLogs(collections: ReportCollections, ids: readonly string[]): Promise<void> {
  const docs = (await findByIds(collections.moveLog, ids, { applied: 0 })).filter(({ moves }) => (moves?.length ?? 0) > 0);
  if (docs.length === 0) return;
  const live = new Map(docs.map(({ _id, moves }) => [_id, moves!.map(decodeMove)]));
  const table = await idTableWith(collections, [...live.values()].flatMap(idsOfMoves));
  await collections.moveLog.bulkWrite(docs.map((doc) => ({
    updateOne: { filter: unchangedSince(doc), update: { $set: { packed: packedText(encodeMoves([...decodeMoves(packedBytes(doc.packed), table), ...live.get(doc._id)!], table)), [REVISION_FIELD]: newRevision() }, $unset: { moves: '' } } },
  })), { ordered: false });
}
