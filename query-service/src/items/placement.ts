import type { ReadModelSpace } from '@inventory/projection';
import type { Filter, MatchKeysAndValues } from 'mongodb';
import { addEntry, removeEntry } from '../contents/contents-index.js';
import { items, type ItemDoc } from './items-projection.js';

/**
 * Writes where an item is (and anything else in `set`) as its next placement number, then lists it
 * at its new location and unlists the entry of the placement it replaced, by that number. The item
 * write returns the replaced placement atomically, so each placement is unlisted by exactly one
 * later writer and never by anyone else, and a late add never overwrites a later placement's
 * entry: however a child's own events and its parent's moves interleave, the current placement
 * stays listed as it is (stale entries are possible after a crash or a lost race; readers check
 * the item itself).
 */
export async function place(
  space: ReadModelSpace,
  filter: Filter<ItemDoc> & { _id: string },
  set: MatchKeysAndValues<ItemDoc> & { locationId?: string | null; parentId?: string | null; itemTypeId?: string },
  { upsert = false } = {},
): Promise<ItemDoc | null> {
  const before = await items(space).findOneAndUpdate(filter, { $set: set, $inc: { placement: 1 } }, { returnDocument: 'before', upsert });
  if (!before && !upsert) return null;
  const placement = (before?.placement ?? 0) + 1;
  const locationId = set.locationId === undefined ? before?.locationId : set.locationId;
  const itemTypeId = set.itemTypeId ?? before?.itemTypeId;
  const parentId = set.parentId === undefined ? (before?.parentId ?? null) : set.parentId;
  // In either order: each is one atomic update, and the removal only matches the replaced placement.
  await Promise.all([
    locationId && itemTypeId && !(set.retired ?? before?.retired) ? addEntry(space, locationId, filter._id, { s: placement, t: itemTypeId, p: parentId }) : undefined,
    before?.locationId && before.placement ? removeEntry(space, before.locationId, filter._id, before.placement) : undefined,
  ]);
  return before;
}
