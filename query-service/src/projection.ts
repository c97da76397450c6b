import { TOPICS } from '@inventory/contracts';
import { storeProfileOf } from '@inventory/platform';
import type { Projection } from '@inventory/projection';
import { typesProjection } from './catalog/types-projection.js';
import { itemsProjection } from './items/items-projection.js';
import { locationsProjection } from './locations/locations-projection.js';
import type { SliceProjection } from './slice.js';
import { timelineProjection } from './timeline/timeline-projection.js';

/** Items before timeline: a registration's timeline rows take the item's type from the items read model as the event left it. */
const SLICES: readonly SliceProjection[] = [typesProjection, locationsProjection, itemsProjection, timelineProjection];

/** Every read model of the query service, fed by one consumer group. */
export const queryProjection: Projection = {
  name: 'query',
  topics: [TOPICS.catalog, TOPICS.locations, TOPICS.items],
  async setup(space) {
    if (storeProfileOf(space.db).serialCollectionCreation) for (const slice of SLICES) await slice.setup(space);
    else await Promise.all(SLICES.map((slice) => slice.setup(space)));
  },
  models: SLICES.flatMap((slice) => slice.models),
  // An item's events change its own document anyway: its checkpoint rides along (a parent's move and a child's assignment excepted).
  checkpointHost: 'items',
};
