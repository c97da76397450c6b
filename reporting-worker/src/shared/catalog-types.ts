import type { DocumentModel } from '@inventory/projection';

/** An item or location type the catalog defined: reports check their filters against it and name types. */
export interface CatalogTypeDoc {
  _id: string;
  kind: 'itemType' | 'locationType';
  name: string | null;
  removed: boolean;
}

type CatalogEvent = 'ItemTypeDefined' | 'ItemTypeUpdated' | 'ItemTypeRemoved' | 'LocationTypeDefined' | 'LocationTypeUpdated' | 'LocationTypeRemoved';

/** A removed type stays known as removed (its id still names counts), without its name. */
export const catalogTypesModel: DocumentModel<CatalogTypeDoc, CatalogEvent> = {
  collection: 'catalog_types',
  handles: ['ItemTypeDefined', 'ItemTypeUpdated', 'ItemTypeRemoved', 'LocationTypeDefined', 'LocationTypeUpdated', 'LocationTypeRemoved'],
  idsOf: (event) => ['itemTypeId' in event.data ? event.data.itemTypeId : event.data.locationTypeId],
  evolve(_doc, event, id) {
    const kind = event.type.startsWith('ItemType') ? 'itemType' : 'locationType';
    switch (event.type) {
      case 'ItemTypeRemoved':
      case 'LocationTypeRemoved':
        return { _id: id, kind, name: null, removed: true };
      default:
        return { _id: id, kind, name: event.data.name, removed: false };
    }
  },
};
