import type { DocumentModel, ReadModelSpace } from '@inventory/projection';
import { createSecondaryIndexes, evolveVersioned, unhandled, type SliceProjection, type Versioned } from '../slice.js';

export interface LocationDoc extends Versioned {
  _id: string;
  code: string;
  name: string;
  locationTypeId: string;
  parentLocationId: string | null;
  active: boolean;
}

/** Changes whenever the tree does, so readers know when their in-memory copy is stale. */
export interface TreeStamp {
  _id: 'tree';
  eventId: string;
}

export const locations = (space: ReadModelSpace) => space.collection<LocationDoc>('locations');
export const treeStamps = (space: ReadModelSpace) => space.collection<TreeStamp>('tree_stamp');

const LOCATION_EVENTS = ['LocationCreated', 'LocationUpdated', 'LocationDeleted'] as const;

/** A location as created and last updated; gone once deleted. An update of a location never created changes nothing. */
export const locationsModel: DocumentModel<LocationDoc, (typeof LOCATION_EVENTS)[number]> = {
  collection: 'locations',
  handles: LOCATION_EVENTS,
  idsOf: (event) => [event.data.locationId],
  evolve(doc, event, id) {
    switch (event.type) {
      case 'LocationCreated': {
        const { code, name, locationTypeId, parentLocationId } = event.data;
        return evolveVersioned(doc, event, () => ({ _id: id, code, name, locationTypeId, parentLocationId, active: true }));
      }
      case 'LocationUpdated': {
        const { code, name, parentLocationId, active } = event.data;
        return doc && evolveVersioned(doc, event, () => ({ ...doc, code, name, parentLocationId, active }));
      }
      case 'LocationDeleted':
        return null;
      default:
        return unhandled(event);
    }
  },
};

/** Names the last location event applied: any change of the tree changes it. */
export const treeStampModel: DocumentModel<TreeStamp, (typeof LOCATION_EVENTS)[number]> = {
  collection: 'tree_stamp',
  handles: LOCATION_EVENTS,
  idsOf: () => ['tree'],
  evolve: (_stamp, event) => ({ _id: 'tree', eventId: event.metadata.eventId }),
};

/**
 * Locations store only their parent: paths and sub-trees are derived from the whole tree in
 * memory (see LocationTreeCache), so re-parenting never rewrites descendants across documents.
 */
export const locationsProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(locations(space), [{ key: { code: 1 } }, { key: { parentLocationId: 1 } }]);
  },
  models: [locationsModel, treeStampModel],
};
