import type { InventoryEvent } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import { createSecondaryIndexes, type SliceProjection, type Versioned } from '../slice.js';

export interface LocationDoc extends Versioned {
  _id: string;
  code: string;
  name: string;
  locationTypeId: string;
  parentLocationId: string | null;
  active: boolean;
}

/** Changes whenever the tree does, so readers know when their in-memory copy is stale. */
interface TreeStamp {
  _id: 'tree';
  eventId: string;
}

export const locations = (space: ReadModelSpace) => space.collection<LocationDoc>('locations');
export const treeStamps = (space: ReadModelSpace) => space.collection<TreeStamp>('tree_stamp');

/**
 * Locations store only their parent: paths and sub-trees are derived from the whole tree in
 * memory (see LocationTreeCache), so re-parenting never rewrites descendants across documents.
 */
export const locationsProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(locations(space), [{ key: { code: 1 } }, { key: { parentLocationId: 1 } }]);
  },

  async apply(event: InventoryEvent, space) {
    const { aggregateVersion: version, occurredAt, eventId } = event.metadata;
    switch (event.type) {
      case 'LocationCreated': {
        const { locationId, code, name, locationTypeId, parentLocationId } = event.data;
        await locations(space).updateOne(
          { _id: locationId },
          { $set: { code, name, locationTypeId, parentLocationId, active: true, version, updatedAt: new Date(occurredAt) }, $setOnInsert: { createdAt: new Date(occurredAt) } },
          { upsert: true },
        );
        break;
      }
      case 'LocationUpdated': {
        const { locationId, code, name, parentLocationId, active } = event.data;
        await locations(space).updateOne({ _id: locationId }, { $set: { code, name, parentLocationId, active, version, updatedAt: new Date(occurredAt) } });
        break;
      }
      case 'LocationDeleted':
        await locations(space).deleteOne({ _id: event.data.locationId });
        break;
      default:
        return;
    }
    await treeStamps(space).updateOne({ _id: 'tree' }, { $set: { eventId } }, { upsert: true });
  },
};
