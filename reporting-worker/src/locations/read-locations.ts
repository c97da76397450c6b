import type { Collection } from 'mongodb';
import { REVISION_FIELD } from '@inventory/projection';
import { decodeLocations, type LocationState } from '../packing/location-snapshot.js';
import { packedBytes, type ReportCollections } from '../shared/collections.js';
import { findByIds } from '../shared/find-by-ids.js';
import { readIdTable } from '../shared/id-table-store.js';
import type { ChangedLocationsDoc, LocationSnapshotDoc } from './changed-locations.js';
import type { LocationDoc } from './location-counts.js';

/** A location whose LocationCreated has been applied. */
export type KnownLocation = LocationDoc & { code: string; name: string; locationTypeId: string; parentLocationId: string | null };

/** Decoded snapshots, per collection and version: the snapshot changes only when the compactor folds changes in. */
const decoded = new Map<string, { version: string; locations: LocationState[] }>();

/**
 * Every live location with its counts, by `_id` only: the compacted snapshot (one packed field),
 * with the locations noted as changed since then read from their own documents. The note is read
 * before the snapshot: a compaction writes the snapshot before it clears the note, so whatever a
 * reader finds in neither was folded into the snapshot it reads; a note names the snapshot it was
 * cleared against, which a reader that has decoded it already need not read again (a newer
 * snapshot with that note is as right: the note lists a superset). Counts that arrive before the
 * location's creation (other partition) wait in the document until it is known.
 */
export async function readLocations(collections: ReportCollections): Promise<KnownLocation[]> {
  const packed = collections.packed as unknown as Collection<ChangedLocationsDoc | LocationSnapshotDoc>;
  const changed = await packed.findOne({ _id: 'changed-locations' }) as ChangedLocationsDoc | null;
  const [snapshot, docs] = await Promise.all([snapshotOf(collections, changed?.snapshot), findByIds(collections.locations, changed?.ids ?? [], { applied: 0, [REVISION_FIELD]: 0 })]);
  const locations = new Map<string, LocationState>(snapshot.map((location) => [location._id, location]));
  for (const doc of docs) locations.set(doc._id, doc);
  return [...locations.values()].filter((location): location is KnownLocation => location.deleted === false && location.code !== undefined);
}

async function snapshotOf(collections: ReportCollections, version: string | undefined): Promise<LocationState[]> {
  const key = `${collections.packed.dbName}.${collections.packed.collectionName}`;
  const known = decoded.get(key);
  if (version !== undefined && known?.version === version) return known.locations;
  const doc = await (collections.packed as unknown as Collection<LocationSnapshotDoc>).findOne({ _id: 'locations' });
  if (!doc) return [];
  const locations = decodeLocations(packedBytes(doc.locations), await readIdTable(collections));
  decoded.set(key, { version: doc.version, locations });
  return locations;
}

/**
 * The types of just the given locations (those a report touches), not of the whole tree. A
 * location's type never changes, so a type once read is remembered: the local store spends
 * ~0.25 ms per document read, and a report can touch every location.
 */
export function rememberedLocationTypes(): (collections: ReportCollections, locationIds: readonly string[]) => Promise<Map<string, string>> {
  const known = new Map<string, string>();
  return async (collections, locationIds) => {
    const docs = await findByIds(collections.locations, locationIds.filter((id) => !known.has(id)), { locationTypeId: 1 });
    for (const { _id, locationTypeId } of docs) if (locationTypeId !== undefined) known.set(_id, locationTypeId);
    return new Map(locationIds.flatMap((id) => (known.has(id) ? [[id, known.get(id)!] as const] : [])));
  };
}
