import { TOPICS } from '@inventory/contracts';
import type { Projection } from '@inventory/projection';
import { itemStateModel } from './items/item-state.js';
import { changedLocationsModel } from './locations/changed-locations.js';
import { locationCountsModel } from './locations/location-counts.js';
import { moveBucketsModel, moveLogModel } from './movements/move-buckets.js';
import { catalogTypesModel } from './shared/catalog-types.js';
import { freshnessModel } from './shared/freshness.js';
import { CHECKPOINT_HOST, PROJECTION_NAME } from './shared/collections.js';
import { sweepNotesModel } from './sweeping/sweep-notes.js';

/**
 * Every report's models, in the order they see an event: item state last, since the others read
 * an item's document as it was before the event. The shared runner brings order per aggregate,
 * version checkpoints, dead letters and rebuilds. The name (collections, consumer group) differs only in tests.
 */
export const REPORT_MODELS = [catalogTypesModel, locationCountsModel, changedLocationsModel, moveBucketsModel, moveLogModel, sweepNotesModel, freshnessModel, itemStateModel];

export const reportsProjection = (name = PROJECTION_NAME): Projection => ({
  name,
  topics: [TOPICS.catalog, TOPICS.locations, TOPICS.items],
  // Every read and write addresses documents by `_id` (the sweeper too): no secondary index to keep.
  async setup() {},
  models: REPORT_MODELS,
  // The note of changed locations (freshness on it) reaches the store after the locations (see locations/snapshot-fold.ts);
  // item state decides what a replayed event writes: it reaches the store after everything it decided.
  writeLast: ['packed', 'items'],
  // An item's checkpoint rides in the item's document, written last anyway (one document per event fewer).
  checkpointHost: CHECKPOINT_HOST,
});
