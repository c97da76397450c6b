import { isDuplicateKey } from '@inventory/platform';
import type { Collection, UpdateFilter } from 'mongodb';
import { mergeByDocument, type BucketIncrement, type ChildCountChange, type MoveRecord, type ReportDelta } from './report-delta.js';
import { encodeMove, moveLogId } from './move-log.js';
import { guardedCollection, type ChangedLocationsDoc, type Guarded, type GuardedName, type ItemDoc, type ReportCollections } from './store.js';

/**
 * Writes one event's delta without transactions. Each bucket document gets at most one update per
 * event, guarded by the event id in its `applied` list, so a replay after a crash halfway through
 * (the runner checkpoints only after apply returns) re-applies exactly the documents that missed it.
 * Item state is written last, so a replayed event is planned from the same state, or (after the
 * state write) only touches documents that are already marked. The sweeper removes the markers
 * once the runner's checkpoint has passed the event.
 */
export async function applyDelta(collections: ReportCollections, eventId: string, delta: ReportDelta): Promise<void> {
  const direct = await parkOrResolveChildren(collections, eventId, delta.childCounts);
  const increments = mergeByDocument([...delta.increments, ...direct]);
  // Independent documents, each write idempotent on its own: one round trip's wait for all of them.
  await Promise.all([
    ...increments.map(({ collection, id, inc }) => guardedInc(collections, collection, id, eventId, inc)),
    delta.move && appendToMoveLog(collections, eventId, delta.move),
    delta.location && collections.locations.updateOne({ _id: delta.location.id }, { $set: delta.location.set }, { upsert: true }),
    delta.catalogType && collections.catalogTypes.updateOne({ _id: delta.catalogType.id }, { $set: delta.catalogType.set }, { upsert: true }),
  ]);
  const changedLocations = [...new Set([...increments.filter(({ collection }) => collection === 'locations').map(({ id }) => id), ...(delta.location ? [delta.location.id] : [])])];
  await Promise.all([
    // After the location writes, never before (a unit of work writes `packed` after them: writeLast): see foldChangedLocations (compactor.ts).
    changedLocations.length > 0 && noteChangedLocations(collections, changedLocations),
    delta.item && collections.items.updateOne({ _id: delta.item.id }, delta.item.clearPending ? { $set: delta.item.set, $unset: { pending: '' as const } } : { $set: delta.item.set }, { upsert: true }),
  ]);
}

/** Unguarded on purpose: a replay notes the locations again, which is harmless and covers a crash right before the note. */
async function noteChangedLocations(collections: ReportCollections, ids: string[]): Promise<void> {
  const note = async () => (collections.packed as unknown as Collection<ChangedLocationsDoc>).updateOne({ _id: 'changed-locations' }, { $addToSet: { ids: { $each: ids } }, $inc: { touches: 1 } }, { upsert: true });
  // Duplicate key: a concurrent first note created the document; it exists now.
  await note().catch(async (error: unknown) => (isDuplicateKey(error) ? note() : Promise.reject(error)));
}

/**
 * Registration claims the item's type first and returns what parents' moves parked on it meanwhile.
 * A duplicate key means a parent's move created the document at the same moment: it exists now, so
 * the second attempt updates it (a store whose single-document writes are atomic needs no more).
 */
export async function claimItemType(collections: ReportCollections, itemId: string, itemTypeId: string): Promise<ItemDoc> {
  const claim = async () => collections.items.findOneAndUpdate({ _id: itemId }, { $set: { itemTypeId } }, { upsert: true, returnDocument: 'after' });
  const doc = await claim().catch(async (error: unknown) => (isDuplicateKey(error) ? claim() : Promise.reject(error)));
  if (!doc) throw new Error(`claiming the type of item ${itemId} returned no document`);
  return doc;
}

async function guardedInc(collections: ReportCollections, name: BucketIncrement['collection'], id: string, eventId: string, inc: Record<string, number>): Promise<void> {
  await guardedUpdate(collections, name, id, eventId, { $inc: { ...inc, rev: 1 }, $push: { applied: eventId } });
}

async function appendToMoveLog(collections: ReportCollections, eventId: string, move: MoveRecord): Promise<void> {
  await guardedUpdate(collections, 'moveLog', moveLogId(move.at), eventId, { $push: { applied: eventId, moves: encodeMove(move) }, $inc: { rev: 1 } });
}

async function guardedUpdate(collections: ReportCollections, name: GuardedName, id: string, eventId: string, update: Record<string, unknown>): Promise<void> {
  // Duplicate key on upsert: the document exists and already lists this event.
  await guardedCollection(collections, name).updateOne({ _id: id, applied: { $ne: eventId } }, update as UpdateFilter<Guarded>, { upsert: true }).catch(ignoreDuplicate);
}

/**
 * A moved parent's children: when a child's type is known their counts go to the location buckets
 * with the parent's; otherwise they wait on the child's document until its registration flushes them.
 * The conditional update makes "type unknown, so park" atomic against a concurrent registration.
 */
async function parkOrResolveChildren(collections: ReportCollections, eventId: string, changes: readonly ChildCountChange[]): Promise<BucketIncrement[]> {
  const byChild = new Map<string, Record<string, number>>();
  for (const { itemId, locationId, delta } of changes) byChild.set(itemId, { ...byChild.get(itemId), [locationId]: (byChild.get(itemId)?.[locationId] ?? 0) + delta });
  const direct: BucketIncrement[] = [];
  for (const [itemId, perLocation] of byChild) {
    for (let attempt = 1; ; attempt++) {
      // Each lost race means the child changed in between (registered, or parked by another move);
      // on an atomic store that happens at most twice, so more is a store fault, not a reason to spin.
      if (attempt > MAX_PARK_ATTEMPTS) throw new Error(`child ${itemId}: neither parked nor resolved after ${MAX_PARK_ATTEMPTS} attempts`);
      const child = await collections.items.findOne({ _id: itemId }, { projection: { itemTypeId: 1, applied: 1 } });
      if (child?.applied?.includes(eventId)) break; // parked by an earlier attempt of this event
      const itemTypeId = child?.itemTypeId;
      if (itemTypeId) {
        direct.push(...Object.entries(perLocation).map(([locationId, n]) => ({ collection: 'locations' as const, id: locationId, inc: { itemCount: n, [`byItemType.${itemTypeId}`]: n } })));
        break;
      }
      const pending = Object.fromEntries(Object.entries(perLocation).map(([locationId, n]) => [`pending.${locationId}`, n]));
      const parked = await collections.items
        .updateOne({ _id: itemId, itemTypeId: { $exists: false }, applied: { $ne: eventId } }, { $inc: pending, $push: { applied: eventId } }, { upsert: true })
        .catch((error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error)));
      if (parked && parked.modifiedCount + parked.upsertedCount > 0) break;
      // Registered or parked meanwhile: look again.
    }
  }
  return direct;
}

const MAX_PARK_ATTEMPTS = 4;

const ignoreDuplicate = (error: unknown): void => {
  if (!isDuplicateKey(error)) throw error;
};
