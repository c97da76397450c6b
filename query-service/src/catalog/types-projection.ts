import type { InventoryEvent } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import { createSecondaryIndexes, type SliceProjection, type Versioned } from '../slice.js';

export interface LocationTypeDoc extends Versioned {
  _id: string;
  name: string;
  allowedItemTypeIds: string[] | null;
  capacity: number | null;
}

export interface ItemTypeDoc extends Versioned {
  _id: string;
  name: string;
  /** Kept as JSON text: JSON Schema keys such as "$schema" are not valid document field names. */
  attributesSchemaJson: string | null;
}

export const locationTypes = (space: ReadModelSpace) => space.collection<LocationTypeDoc>('location_types');
export const itemTypes = (space: ReadModelSpace) => space.collection<ItemTypeDoc>('item_types');

export const typesProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(locationTypes(space), [{ key: { name: 1 } }]);
    await createSecondaryIndexes(itemTypes(space), [{ key: { name: 1 } }]);
  },

  async apply(event: InventoryEvent, space) {
    const { aggregateVersion: version, occurredAt } = event.metadata;
    const stamp = { version, updatedAt: new Date(occurredAt) };
    const upsert = { upsert: true };
    switch (event.type) {
      case 'LocationTypeDefined':
      case 'LocationTypeUpdated': {
        const { locationTypeId, name, allowedItemTypeIds, capacity } = event.data;
        await locationTypes(space).updateOne({ _id: locationTypeId }, { $set: { name, allowedItemTypeIds, capacity, ...stamp }, $setOnInsert: { createdAt: new Date(occurredAt) } }, upsert);
        return;
      }
      case 'LocationTypeRemoved':
        await locationTypes(space).deleteOne({ _id: event.data.locationTypeId });
        return;
      case 'ItemTypeDefined':
      case 'ItemTypeUpdated': {
        const { itemTypeId, name, attributesSchema } = event.data;
        await itemTypes(space).updateOne({ _id: itemTypeId }, { $set: { name, attributesSchemaJson: attributesSchema, ...stamp }, $setOnInsert: { createdAt: new Date(occurredAt) } }, upsert);
        return;
      }
      case 'ItemTypeRemoved':
        await itemTypes(space).deleteOne({ _id: event.data.itemTypeId });
        return;
      default:
    }
  },
};
