import type { ReadModelSpace } from '@inventory/projection';
import { isDuplicateKey } from '@inventory/platform';
import type { Filter } from 'mongodb';

/** What a listing filters on before it reads the items themselves. */
export interface ContentsEntry {
  /** The placement number: which write of the item's location put it here (they only go up). */
  s: number;
  /** Item type. */
  t: string;
  /** The parent it is assigned to, null for a free item. */
  p: string | null;
}

/**
 * The candidates of one location whose ids start with one hex digit, keyed by item id (ids are
 * UUIDs, so valid field names), `_id` = `<location id>|<digit>`. What-is-at reads a few of these by
 * `_id` and then the page's items by `_id`, never a secondary field (FerretDB scans the whole
 * collection for those); sixteen small documents per location rather than one because FerretDB's
 * cost per read and write grows with the document (a 1,000-entry document: ~75 ms to read).
 * Entries may be stale, never missing: readers keep an item only if its own document still says
 * it is here.
 */
export interface ContentsDoc {
  _id: string;
  items: Record<string, ContentsEntry>;
}

export const contents = (space: ReadModelSpace) => space.collection<ContentsDoc>('contents');

/** Listing order is (bucket, item id), which for lower-case UUIDs is item id order. */
export const BUCKETS = [...'0123456789abcdef'];
export const bucketOf = (itemId: string): string => itemId.charAt(0).toLowerCase();
export const contentsId = (locationId: string, bucket: string): string => `${locationId}|${bucket}`;
export const locationOfContents = (id: string): string => id.slice(0, id.lastIndexOf('|'));

/**
 * Lists the item here unless this document already holds a later placement of it: an add that
 * arrives late (its writer was slow) never overwrites what a later placement wrote.
 */
export async function addEntry(space: ReadModelSpace, locationId: string, itemId: string, entry: ContentsEntry): Promise<void> {
  const field = `items.${itemId}`;
  const notLater = { _id: contentsId(locationId, bucketOf(itemId)), $or: [{ [field]: { $exists: false } }, { [`${field}.s`]: { $lt: entry.s } }] } as Filter<ContentsDoc>;
  const update = { $set: { [field]: entry } };
  try {
    await contents(space).updateOne(notLater, update, { upsert: true });
  } catch (error) {
    // The document exists (made by a concurrent upsert, or holding a later entry the filter skipped).
    if (!isDuplicateKey(error)) throw error;
    await contents(space).updateOne(notLater, update);
  }
}

/** Removes the entry only if it is still the one of placement `placement` (a later placement here keeps its own). */
export async function removeEntry(space: ReadModelSpace, locationId: string, itemId: string, placement: number): Promise<void> {
  const filter = { _id: contentsId(locationId, bucketOf(itemId)), [`items.${itemId}.s`]: placement } as Filter<ContentsDoc>;
  await contents(space).updateOne(filter, { $unset: { [`items.${itemId}`]: '' } });
}
