import type { ChildAssigned, InventoryEvent, ItemRegistered } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import { contents } from '../contents/contents-index.js';
import { createSecondaryIndexes, ensureCollection, type SliceProjection, type Versioned } from '../slice.js';
import { place } from './placement.js';

/** The registered item's fields (from its event), plus where it is now and its bookkeeping. */
export interface ItemDoc extends Versioned, Omit<ItemRegistered['data'], 'itemId' | 'locationId'> {
  _id: string;
  /** Where it physically is: an assigned child's is its parent's (kept in step by the parent's moves). */
  locationId: string | null;
  parentId: string | null;
  retired: boolean;
  /** How many times locationId/parentId have been written (see place()). */
  placement?: number;
  /** A parent's assigned children, so its move updates them by `_id` rather than by a scan on parentId. */
  childIds?: string[];
}

export const items = (space: ReadModelSpace) => space.collection<ItemDoc>('items');

/** The document a registration creates (the placement number and childIds are added by the writer). */
export function registeredItem({ data, metadata }: ItemRegistered): Omit<ItemDoc, 'placement' | 'childIds'> {
  const { itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId } = data;
  const at = new Date(metadata.occurredAt);
  return { _id: itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId, parentId: null, retired: false, version: metadata.aggregateVersion, createdAt: at, updatedAt: at };
}

/**
 * A child's assignment arrives on its own partition, its parent's moves on another, in any order.
 * The child is written (with its parent) and added to the parent's childIds first, then copies
 * the parent's location until a re-read of the parent shows no change: either this loop or the
 * parent's own move (which reads childIds in the same write as its new location) sees the
 * other's write, so the child never keeps a stale location.
 */
async function followParent(space: ReadModelSpace, { data }: ChildAssigned): Promise<void> {
  await items(space).updateOne({ _id: data.parentId }, { $addToSet: { childIds: data.childId } }, { upsert: true });
  let location = data.toLocationId;
  for (;;) {
    const parentLocation = (await items(space).findOne({ _id: data.parentId }, { projection: { locationId: 1 } }))?.locationId;
    if (!parentLocation || parentLocation === location) return;
    location = parentLocation;
    await place(space, { _id: data.childId, parentId: data.parentId }, { locationId: location });
  }
}

export const itemsProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(items(space), [
      { key: { locationId: 1, _id: 1 } },
      { key: { parentId: 1 } },
      { key: { serialNumber: 1 } },
      { key: { barcode: 1 } },
      { key: { itemTypeId: 1, _id: 1 } },
    ]);
    await ensureCollection(contents(space));
  },

  async apply(event: InventoryEvent, space) {
    const { aggregateVersion: version, occurredAt } = event.metadata;
    const stamp = { version, updatedAt: new Date(occurredAt) };
    switch (event.type) {
      case 'ItemRegistered': {
        // createdAt in $set, not $setOnInsert: a child's assignment may have created the document first.
        const { _id, ...fields } = registeredItem(event);
        await place(space, { _id }, fields, { upsert: true });
        return;
      }
      case 'ItemUpdated': {
        const { itemId, name, serialNumber, barcode, attributes } = event.data;
        await items(space).updateOne({ _id: itemId }, { $set: { name, serialNumber, barcode, attributes, ...stamp } });
        return;
      }
      case 'ItemRetired':
        await place(space, { _id: event.data.itemId }, { retired: true, ...stamp });
        return;
      case 'ItemMoved': {
        const { itemId, toLocationId } = event.data;
        const before = await place(space, { _id: itemId }, { locationId: toLocationId, ...stamp });
        // Every child assigned in this read model, not just movedChildIds: an assignment made after
        // this move may have been projected first, with this parent's then older location.
        await Promise.all((before?.childIds ?? []).map((childId) => place(space, { _id: childId, parentId: itemId }, { locationId: toLocationId })));
        return;
      }
      case 'ChildAssigned':
        await place(space, { _id: event.data.childId }, { parentId: event.data.parentId, locationId: event.data.toLocationId, ...stamp });
        await followParent(space, event);
        return;
      case 'ChildReleased':
        await place(space, { _id: event.data.childId }, { parentId: null, locationId: event.data.locationId, ...stamp });
        await items(space).updateOne({ _id: event.data.parentId }, { $pull: { childIds: event.data.childId } });
        return;
      default:
    }
  },
};
