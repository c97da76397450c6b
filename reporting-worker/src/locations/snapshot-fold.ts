import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '@inventory/platform';
import { newRevision, REVISION_FIELD } from '@inventory/projection';
import type { Collection } from 'mongodb';
import { decodeLocations, encodeLocations, idsOfLocation } from '../packing/location-snapshot.js';
import { packedBytes, packedText, type ReportCollections } from '../shared/collections.js';
import { findByIds } from '../shared/find-by-ids.js';
import { idTableWith } from '../shared/id-table-store.js';
import type { ChangedLocationsDoc, LocationSnapshotDoc } from './changed-locations.js';

/**
 * Folds the locations noted as changed into the one-document snapshot. Order matters against the
 * worker, which notes a location only after writing it: the note is read first, the location
 * documents after, and the note is cleared only if no note came in meanwhile (`touches`), so a
 * change is either in the snapshot or still noted. The snapshot is written before the note is
 * cleared, the clear names the snapshot it was made against, and readers read the note before
 * the snapshot (read-locations.ts). True if it cleared the note (so a cached copy is stale).
 */
export async function foldChangedLocations(collections: ReportCollections): Promise<boolean> {
  const packed = collections.packed as unknown as Collection<ChangedLocationsDoc | LocationSnapshotDoc>;
  const changed = await packed.findOne({ _id: 'changed-locations' }) as ChangedLocationsDoc | null;
  if (!changed || changed.ids.length === 0) return false;
  const snapshot = await packed.findOne({ _id: 'locations' }) as LocationSnapshotDoc | null;
  const docs = await findByIds(collections.locations, changed.ids, { applied: 0, [REVISION_FIELD]: 0 });
  const table = await idTableWith(collections, docs.flatMap(idsOfLocation));
  const locations = new Map(snapshot ? decodeLocations(packedBytes(snapshot.locations), table).map((location) => [location._id, location]) : []);
  for (const doc of docs) locations.set(doc._id, doc);
  const next: LocationSnapshotDoc = { _id: 'locations', version: randomUUID(), locations: packedText(encodeLocations(locations.values(), table)) };
  const written = snapshot
    ? (await packed.updateOne({ _id: 'locations', version: snapshot.version }, { $set: { version: next.version, locations: next.locations } })).modifiedCount === 1
    : await packed.insertOne(next).then(() => true, (error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error)));
  // Another compactor wrote the snapshot first: the note stays for the next round.
  if (!written) return false;
  return (await packed.updateOne({ _id: 'changed-locations', touches: changed.touches }, { $set: { ids: [], snapshot: next.version, [REVISION_FIELD]: newRevision() } })).modifiedCount === 1;
}
