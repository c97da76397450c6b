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
