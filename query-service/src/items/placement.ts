import type { ReadModelSpace } from '@inventory/projection';
import type { Filter, MatchKeysAndValues } from 'mongodb';
import { addEntry, newStamp, removeEntry } from '../contents/contents-index.js';
import { items, type ItemDoc } from './items-projection.js';

/**
 * Writes where an item is (and anything else in `set`) with a fresh placement stamp, then lists it
 * at its new location and unlists the entry of the placement it replaced, by that placement's
 * stamp. The item write returns the replaced placement atomically, so each placement is unlisted
 * by exactly one later writer and never by anyone else: however a child's own events and its
 * parent's moves interleave, the current placement stays listed (stale entries are possible after
 * a crash or a lost race; readers check the item itself).
 */
export async function place(
  space: ReadModelSpace,
  filter: Filter<ItemDoc> & { _id: string },
  set: MatchKeysAndValues<ItemDoc> & { locationId?: string | null; parentId?: string | null; itemTypeId?: string },
  { upsert = false } = {},
): Promise<ItemDoc | null> {
  const placement = newStamp();
  const before = await items(space).findOneAndUpdate(filter, { $set: { ...set, placement } }, { returnDocument: 'before', upsert });
  if (!before && !upsert) return null;
  const locationId = set.locationId === undefined ? before?.locationId : set.locationId;
  const itemTypeId = set.itemTypeId ?? before?.itemTypeId;
  const parentId = set.parentId === undefined ? (before?.parentId ?? null) : set.parentId;
  if (locationId && itemTypeId && !(set.retired ?? before?.retired)) await addEntry(space, locationId, filter._id, { s: placement, t: itemTypeId, p: parentId });
  if (before?.locationId && before.placement) await removeEntry(space, before.locationId, filter._id, before.placement);
  return before;
}
