import type { DocumentModel, EventOf, EventType, ReadModelSpace } from '@inventory/projection';
import { createSecondaryIndexes, evolveVersioned, type SliceProjection, type Versioned } from '../slice.js';

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

/**
 * A catalog type as its last definition or update says (`fields` of either event); gone once
 * removed. Location types and item types differ only in their events and fields.
 */
function catalogTypeModel<D extends Versioned & { _id: string }, Defined extends EventType, Updated extends EventType, Removed extends EventType>(
  collection: string,
  [defined, updated, removed]: [Defined, Updated, Removed],
  idOf: (event: EventOf<Defined | Updated | Removed>) => string,
  fields: (event: EventOf<Defined | Updated>) => Omit<D, keyof Versioned | '_id'>,
): DocumentModel<D, Defined | Updated | Removed> {
  return {
    collection,
    handles: [defined, updated, removed],
    idsOf: (event) => [idOf(event)],
    evolve(doc, event, id) {
      if (event.type === removed) return null;
      return evolveVersioned(doc, event, () => ({ _id: id, ...fields(event as EventOf<Defined | Updated>) }) as Omit<D, keyof Versioned>);
    },
  };
}

export const locationTypesModel = catalogTypeModel<LocationTypeDoc, 'LocationTypeDefined', 'LocationTypeUpdated', 'LocationTypeRemoved'>(
  'location_types',
  ['LocationTypeDefined', 'LocationTypeUpdated', 'LocationTypeRemoved'],
  (event) => event.data.locationTypeId,
  ({ data: { name, allowedItemTypeIds, capacity } }) => ({ name, allowedItemTypeIds, capacity }),
);

export const itemTypesModel = catalogTypeModel<ItemTypeDoc, 'ItemTypeDefined', 'ItemTypeUpdated', 'ItemTypeRemoved'>(
  'item_types',
  ['ItemTypeDefined', 'ItemTypeUpdated', 'ItemTypeRemoved'],
  (event) => event.data.itemTypeId,
  ({ data: { name, attributesSchema } }) => ({ name, attributesSchemaJson: attributesSchema }),
);

export const typesProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(locationTypes(space), [{ key: { name: 1 } }]);
    await createSecondaryIndexes(itemTypes(space), [{ key: { name: 1 } }]);
  },
  models: [locationTypesModel, itemTypesModel],
};
