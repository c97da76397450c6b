import type { ReadModelSpace } from '@inventory/projection';

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
 * The document with the item listed as `entry`, unless it already holds a later placement of it
 * (placements only go up, so an entry is never replaced by an older one).
 */
export function withEntry(doc: ContentsDoc | null, id: string, itemId: string, entry: ContentsEntry): ContentsDoc {
  const listed = doc?.items[itemId];
  if (listed && (listed.s > entry.s || (listed.s === entry.s && listed.t === entry.t && listed.p === entry.p))) return doc!;
  return { _id: id, items: { ...doc?.items, [itemId]: entry } };
}

/** The document without the item's entry if that is still the one of placement `placement` (a later placement keeps its own). */
export function withoutEntry(doc: ContentsDoc | null, itemId: string, placement: number): ContentsDoc | null {
  if (doc?.items[itemId]?.s !== placement) return doc;
  const { [itemId]: _removed, ...rest } = doc.items;
  return { ...doc, items: rest };
}
