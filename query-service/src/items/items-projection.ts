import type { ChildAssigned, InventoryEvent, ItemRegistered } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { SliceProjection, Versioned } from '../slice.js';

/** The registered item's fields (from its event), plus where it is now and its bookkeeping. */
export interface ItemDoc extends Versioned, Omit<ItemRegistered['data'], 'itemId' | 'locationId'> {
  _id: string;
  /** Where it physically is: an assigned child's is its parent's (kept in step by the parent's moves). */
  locationId: string | null;
  parentId: string | null;
  retired: boolean;
}

export const items = (space: ReadModelSpace) => space.collection<ItemDoc>('items');

/**
 * A child's assignment arrives on its own partition, its parent's moves on another, in any order.
 * Write the child first, then copy the parent's location, until a re-read of the parent shows no
 * change: either this loop or the parent's own move (which updates assigned children after
 * writing the parent) sees the other's write, so the child never keeps a stale location.
 */
async function followParent(space: ReadModelSpace, { data }: ChildAssigned): Promise<void> {
  let location = data.toLocationId;
  for (;;) {
    await items(space).updateOne({ _id: data.childId, parentId: data.parentId }, { $set: { locationId: location } });
    const parentLocation = (await items(space).findOne({ _id: data.parentId }, { projection: { locationId: 1 } }))?.locationId;
    if (!parentLocation || parentLocation === location) return;
    location = parentLocation;
  }
}

export const itemsProjection: SliceProjection = {
  async setup(space) {
    await items(space).createIndexes([
      { key: { locationId: 1, _id: 1 } },
      { key: { parentId: 1 } },
      { key: { serialNumber: 1 } },
      { key: { barcode: 1 } },
      { key: { itemTypeId: 1, _id: 1 } },
    ]);
  },

  async apply(event: InventoryEvent, space) {
    const { aggregateVersion: version, occurredAt } = event.metadata;
    const stamp = { version, updatedAt: new Date(occurredAt) };
    switch (event.type) {
      case 'ItemRegistered': {
        const { itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId } = event.data;
        await items(space).updateOne(
          { _id: itemId },
          { $set: { itemTypeId, kind, name, serialNumber, barcode, attributes, locationId, parentId: null, retired: false, ...stamp }, $setOnInsert: { createdAt: new Date(occurredAt) } },
          { upsert: true },
        );
        return;
      }
      case 'ItemUpdated': {
        const { itemId, name, serialNumber, barcode, attributes } = event.data;
        await items(space).updateOne({ _id: itemId }, { $set: { name, serialNumber, barcode, attributes, ...stamp } });
        return;
      }
      case 'ItemRetired':
        await items(space).updateOne({ _id: event.data.itemId }, { $set: { retired: true, ...stamp } });
        return;
      case 'ItemMoved': {
        const { itemId, toLocationId } = event.data;
        await items(space).updateOne({ _id: itemId }, { $set: { locationId: toLocationId, ...stamp } });
        // Every child assigned in this read model, not just movedChildIds: an assignment made after
        // this move may have been projected first, with this parent's then older location.
        await items(space).updateMany({ parentId: itemId }, { $set: { locationId: toLocationId } });
        return;
      }
      case 'ChildAssigned':
        await items(space).updateOne({ _id: event.data.childId }, { $set: { parentId: event.data.parentId, ...stamp } });
        await followParent(space, event);
        return;
      case 'ChildReleased':
        await items(space).updateOne({ _id: event.data.childId }, { $set: { parentId: null, locationId: event.data.locationId, ...stamp } });
        return;
      default:
    }
  },
};
