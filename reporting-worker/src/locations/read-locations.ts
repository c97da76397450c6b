import { findByIds } from '../aggregation/find-by-ids.js';
import type { LocationDoc, ReportCollections } from '../aggregation/store.js';

/** A location whose LocationCreated has been applied. */
export type KnownLocation = LocationDoc & { code: string; name: string; locationTypeId: string; parentLocationId: string | null };

/**
 * Every live location with its counts: one indexed scan, no store-side aggregation. Counts that
 * arrive before the location's creation (other partition) wait in the document until it is known.
 */
export async function readLocations(collections: ReportCollections): Promise<KnownLocation[]> {
  const docs = await collections.locations.find({ deleted: false }, { projection: { applied: 0 } }).toArray();
  return docs.filter((doc): doc is KnownLocation => doc.code !== undefined);
}

/** The types of just the given locations (those a report touches), not of the whole tree. */
export async function readLocationTypes(collections: ReportCollections, locationIds: readonly string[]): Promise<Map<string, string>> {
  const docs = await findByIds(collections.locations, locationIds, { locationTypeId: 1 });
  return new Map(docs.flatMap(({ _id, locationTypeId }) => (locationTypeId === undefined ? [] : [[_id, locationTypeId] as const])));
}
