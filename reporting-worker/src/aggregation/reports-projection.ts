import { TOPICS, type InventoryEvent } from '@inventory/contracts';
import { isDuplicateKey } from '@inventory/platform';
import type { Projection, ReadModelSpace } from '@inventory/projection';
import { applyDelta, claimItemType } from './apply-delta.js';
import { guardedDocumentsOf, reportDelta, type ItemState } from './report-delta.js';
import { PROJECTION_NAME, reportCollections, type GuardedIds, type ReportCollections } from './store.js';

const ITEM_EVENTS = new Set<InventoryEvent['type']>(['ItemRegistered', 'ItemUpdated', 'ItemRetired', 'ItemMoved', 'ChildAssigned', 'ChildReleased']);

/**
 * The report collections as one projection: the shared runner brings order per aggregate, version
 * checkpoints, dead letters and rebuilds. The name (collections, consumer group) differs only in tests.
 */
export const reportsProjection = (name = PROJECTION_NAME): Projection => ({
  name,
  topics: [TOPICS.catalog, TOPICS.locations, TOPICS.items],
  // Every read and write addresses documents by `_id` (the sweeper too): no secondary index to keep.
  async setup() {},
  // The note of changed locations reaches the store after the locations (see foldChangedLocations in compactor.ts);
  // item state decides what a replayed event writes (see apply-delta.ts): it reaches the store after the buckets.
  writeLast: ['packed', 'items'],
  async apply(event: InventoryEvent, space: ReadModelSpace) {
    const collections = reportCollections(space);
    const delta = reportDelta(event, await itemStateBefore(collections, event));
    // The sweeper acts only once the checkpoint has passed the event, so its note may be written alongside.
    const touched = guardedDocumentsOf(delta);
    await Promise.all([Object.keys(touched).length > 0 ? noteForSweeper(collections, event, touched) : undefined, applyDelta(collections, event.metadata.eventId, delta)]);
    await recordFreshness(collections, event);
  },
});

async function noteForSweeper(collections: ReportCollections, { metadata: { eventId: _id, aggregateId, aggregateVersion } }: InventoryEvent, touched: GuardedIds): Promise<void> {
  await collections.sweeps.updateOne({ _id }, { $set: { aggregateId, aggregateVersion, touched } }, { upsert: true });
}

/** Moves forward only; a duplicate key on upsert means a newer event is already recorded. */
async function recordFreshness(collections: ReportCollections, { metadata: { eventId, aggregateId, aggregateVersion, occurredAt } }: InventoryEvent): Promise<void> {
  const at = new Date(occurredAt);
  await collections.freshness
    .updateOne({ _id: 'newest', occurredAt: { $lt: at } }, { $set: { eventId, aggregateId, aggregateVersion, occurredAt: at } }, { upsert: true })
    .catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
}

async function itemStateBefore(collections: ReportCollections, event: InventoryEvent): Promise<ItemState | null> {
  if (event.type === 'ItemRegistered') return claimItemType(collections, event.data.itemId, event.data.itemTypeId);
  if (!ITEM_EVENTS.has(event.type)) return null;
  return collections.items.findOne({ _id: event.metadata.aggregateId }, { projection: { applied: 0 } });
}
