import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '@inventory/platform';
import { newRevision, REVISION_FIELD } from '@inventory/projection';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { decodeLocations, encodeLocations, idsOfLocation } from '../packing/location-snapshot.js';
import { addCell, decodeCell, encodeCell, idsOfCell } from '../packing/packed-cell.js';
import { findByIds } from './find-by-ids.js';
import { idTableWith } from './id-table-store.js';
import { decodeMove, decodeMoves, encodeMoves, idsOfMoves } from './move-log.js';
import { packedBytes, packedText, type ChangedLocationsDoc, type Guarded, type LocationSnapshotDoc, type MovementBucketDoc, type ReportCollections } from './store.js';

/**
 * Compaction: the local store decodes every field it returns (~20–70 µs each), so counters the
 * worker `$inc`s one field at a time are folded into one packed field (a few bytes per location).
 * Each fold is one conditional update on what was read (`rev` unchanged): an `$inc` that came in
 * meanwhile makes it a no-op, and that event's own sweep round compacts again. Readers add the
 * packed part and whatever live fields are there, so nothing is ever missing or counted twice.
 * Every write sets a new `_rev`, so a projection's unit of work holding an older copy of the
 * document re-runs its statements on the compacted one instead of writing its copy back.
 */

/** `rev` as read: a document written before revisions were counted has none. */
const unchangedSince = ({ _id, rev }: Guarded) => ({ _id, rev: rev ?? { $exists: false as const } });

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

/**
 * Folds the locations noted as changed into the one-document snapshot. Order matters against the
 * worker, which notes a location only after writing it: the note is read first, the location
 * documents after, and the note is cleared only if no note came in meanwhile (`touches`), so a
 * change is either in the snapshot or still noted. The snapshot is written before the note is
 * cleared, the clear names the snapshot it was made against, and readers read the note before
 * the snapshot (locations/read-locations.ts).
 */
export async function foldChangedLocations(collections: ReportCollections): Promise<void> {
  const packed = collections.packed as unknown as Collection<ChangedLocationsDoc | LocationSnapshotDoc>;
  const changed = await packed.findOne({ _id: 'changed-locations' }) as ChangedLocationsDoc | null;
  if (!changed || changed.ids.length === 0) return;
  const snapshot = await packed.findOne({ _id: 'locations' }) as LocationSnapshotDoc | null;
  const docs = await findByIds(collections.locations, changed.ids, { applied: 0, rev: 0 });
  const table = await idTableWith(collections, docs.flatMap(idsOfLocation));
  const locations = new Map(snapshot ? decodeLocations(packedBytes(snapshot.locations), table).map((location) => [location._id, location]) : []);
  for (const doc of docs) locations.set(doc._id, doc);
  const next: LocationSnapshotDoc = { _id: 'locations', version: randomUUID(), locations: packedText(encodeLocations(locations.values(), table)) };
  const written = snapshot
    ? (await packed.updateOne({ _id: 'locations', version: snapshot.version }, { $set: { version: next.version, locations: next.locations } })).modifiedCount === 1
    : await packed.insertOne(next).then(() => true, (error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error)));
  // Another compactor wrote the snapshot first: the note stays for the next round.
  if (written) await packed.updateOne({ _id: 'changed-locations', touches: changed.touches }, { $set: { ids: [], snapshot: next.version, [REVISION_FIELD]: newRevision() } });
}
