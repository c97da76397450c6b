import { randomBytes } from 'node:crypto';
import type { ReadModelSpace } from '@inventory/projection';
import { isDuplicateKey } from '@inventory/projection';
import type { Filter } from 'mongodb';

/** What a listing filters on before it reads the items themselves. */
export interface ContentsEntry {
  /** The placement stamp: which write of the item's location put it here. */
  s: string;
  /** Item type. */
  t: string;
  /** The parent it is assigned to, null for a free item. */
  p: string | null;
}

/**
 * One location's candidates, keyed by item id (ids are UUIDs, so valid field names): what-is-at
 * reads this one document by `_id` and then the page's items by `_id`, never a secondary field
 * (FerretDB scans the whole collection for those). Entries may be stale, never missing: readers
 * keep an item only if its own document still says it is here.
 */
export interface ContentsDoc {
  _id: string;
  items: Record<string, ContentsEntry>;
}

export const contents = (space: ReadModelSpace) => space.collection<ContentsDoc>('contents');

/** A fresh placement stamp; unique per write of one item's location, which is all it has to be. */
export const newStamp = (): string => randomBytes(9).toString('base64url');

export async function addEntry(space: ReadModelSpace, locationId: string, itemId: string, entry: ContentsEntry): Promise<void> {
  const update = { $set: { [`items.${itemId}`]: entry } };
  try {
    await contents(space).updateOne({ _id: locationId }, update, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await contents(space).updateOne({ _id: locationId }, update); // lost an upsert race: the document exists now
  }
}

/** Removes the entry only if it is still the one stamped `stamp` (a later placement here keeps its own). */
export async function removeEntry(space: ReadModelSpace, locationId: string, itemId: string, stamp: string): Promise<void> {
  await contents(space).updateOne({ _id: locationId, [`items.${itemId}.s`]: stamp } as Filter<ContentsDoc>, { $unset: { [`items.${itemId}`]: '' } });
}
