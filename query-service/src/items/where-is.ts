import { ProblemError } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { LocationTree } from '../locations/location-tree.js';
import { stayOfItemAt } from '../timeline/stay-buckets.js';
import { timeline } from '../timeline/timeline-projection.js';
import { STAYS_ONLY, WITHOUT_STAYS, items } from './item-doc.js';

export interface WhereIs {
  itemId: string;
  kind: 'PARENT' | 'CHILD';
  locationId: string;
  locationPath: { id: string; code: string; name: string }[];
  parentId: string | null;
  asOf: string;
}

/** Now: an assigned child is wherever its parent is, read from the parent itself. */
export async function whereIsNow(space: ReadModelSpace, tree: LocationTree, itemId: string): Promise<WhereIs> {
  const item = await items(space).findOne({ _id: itemId, retired: false }, WITHOUT_STAYS);
  if (!item) throw new ProblemError('ITEM_NOT_FOUND', itemId);
  const parent = item.parentId ? await items(space).findOne({ _id: item.parentId }, { projection: { locationId: 1 } }) : null;
  const locationId = parent?.locationId ?? item.locationId;
  if (!locationId) throw new ProblemError('ITEM_NOT_FOUND', `${itemId} has no known location`);
  return { itemId, kind: item.kind, locationId, locationPath: tree.pathTo(locationId), parentId: item.parentId, asOf: new Date().toISOString() };
}

/** At a past time: the item's last timeline row at or before it, found through its stays (the path is today's tree). */
export async function whereWasAt(space: ReadModelSpace, tree: LocationTree, itemId: string, at: Date): Promise<WhereIs> {
  const item = await items(space).findOne({ _id: itemId }, STAYS_ONLY);
  const stay = item?.kind ? await stayOfItemAt(space, item, at) : undefined;
  const row = stay ? await timeline(space).findOne({ _id: stay.id }) : null;
  if (!item?.kind || !row || row.toLocationId === null) throw new ProblemError('ITEM_NOT_FOUND', `${itemId} was not in the inventory at ${at.toISOString()}`);
  const travelsWithParent = row.kind === 'ASSIGNED' || row.kind === 'MOVED_WITH_PARENT';
  return { itemId, kind: item.kind, locationId: row.toLocationId, locationPath: tree.pathTo(row.toLocationId), parentId: travelsWithParent ? row.parentId : null, asOf: at.toISOString() };
}
