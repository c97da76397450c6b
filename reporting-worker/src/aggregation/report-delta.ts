import type { InventoryEvent } from '@inventory/contracts';
import { moveLogId } from './move-log.js';
import type { GuardedIds } from './store.js';
import { bucketIdsAt, typedBucketId } from './time-buckets.js';

/** What the worker remembers per item between its events (its own stream only). */
export interface ItemState {
  itemTypeId?: string;
  /** When the item last arrived somewhere on its own (registered, moved, released); for dwell time. */
  arrivedAt?: number;
  /** Location count changes carried by a parent's move before this child's registration was seen, per location id. */
  pending?: Record<string, number>;
}

export type BucketCollection = 'locations' | 'movements';

/** `$inc` on one bucket document; field paths are dotted, every id segment is a uuid (no '.' nor '$'). */
export interface BucketIncrement {
  collection: BucketCollection;
  id: string;
  inc: Record<string, number>;
}

/** A child carried by its parent's move: its type may not be known yet (it sits on another partition). */
export interface ChildCountChange {
  itemId: string;
  locationId: string;
  delta: number;
}

export interface MoveRecord {
  at: number;
  itemId: string;
  itemTypeId: string;
  fromLocationId: string;
  toLocationId: string;
  dwellMs: number;
}

/** Everything one event changes in the report collections, computed before anything is written. */
export interface ReportDelta {
  increments: BucketIncrement[];
  childCounts: ChildCountChange[];
  move: MoveRecord | null;
  /** Item state after the event ($set; `pending` is cleared whenever it was flushed). */
  item: { id: string; set: Partial<ItemState>; clearPending: boolean } | null;
  /** Descriptive fields of a location ($set, order-independent from counts). */
  location: { id: string; set: Record<string, unknown> } | null;
  catalogType: { id: string; set: { kind: 'itemType' | 'locationType'; name: string | null; removed: boolean } } | null;
}

const emptyDelta = (): ReportDelta => ({ increments: [], childCounts: [], move: null, item: null, location: null, catalogType: null });

const itemCountChange = (locationId: string, itemTypeId: string, delta: number): BucketIncrement =>
  ({ collection: 'locations', id: locationId, inc: { itemCount: delta, [`byItemType.${itemTypeId}`]: delta } });

/**
 * The pure aggregation rule: one event and the item's state before it → bucket increments.
 * Counts are sums of explicit from/to deltas, so they come out right whatever order different
 * aggregates' events are applied in; only immutable facts (an item's type) are looked up.
 */
export function reportDelta(event: InventoryEvent, item: ItemState | null): ReportDelta {
  const delta = emptyDelta();
  const typeOf = (itemId: string): string => {
    if (!item?.itemTypeId) throw new Error(`${event.type} for item ${itemId} before its registration was applied`);
    return item.itemTypeId;
  };
  switch (event.type) {
    case 'ItemRegistered': {
      const { itemId, itemTypeId, locationId } = event.data;
      const pending = Object.entries(item?.pending ?? {});
      delta.increments = [itemCountChange(locationId, itemTypeId, 1), ...pending.map(([at, n]) => itemCountChange(at, itemTypeId, n))];
      delta.item = { id: itemId, set: { itemTypeId, arrivedAt: event.metadata.occurredAt }, clearPending: pending.length > 0 };
      break;
    }
    case 'ItemMoved': {
      const { itemId, fromLocationId, toLocationId, movedChildIds } = event.data;
      const itemTypeId = typeOf(itemId);
      const at = event.metadata.occurredAt;
      // Dwell is kept per source location; reports roll it up to location types, which live on another topic.
      const dwellMs = at - (item?.arrivedAt ?? at);
      const moved = { [`byType.${itemTypeId}`]: 1, [`in.${toLocationId}`]: 1, [`out.${fromLocationId}`]: 1, [`dwellMs.${fromLocationId}`]: dwellMs };
      delta.increments = [
        itemCountChange(fromLocationId, itemTypeId, -1),
        itemCountChange(toLocationId, itemTypeId, 1),
        ...bucketIdsAt(at).flatMap((id) => [id, typedBucketId(id, itemTypeId)].map((bucket): BucketIncrement => ({ collection: 'movements', id: bucket, inc: moved }))),
      ];
      delta.childCounts = movedChildIds.flatMap((childId) => [{ itemId: childId, locationId: fromLocationId, delta: -1 }, { itemId: childId, locationId: toLocationId, delta: 1 }]);
      delta.move = { at, itemId, itemTypeId, fromLocationId, toLocationId, dwellMs };
      delta.item = { id: itemId, set: { arrivedAt: at }, clearPending: false };
      break;
    }
    case 'ChildAssigned': {
      const { childId, fromLocationId, toLocationId } = event.data;
      const itemTypeId = typeOf(childId);
      delta.increments = [itemCountChange(fromLocationId, itemTypeId, -1), itemCountChange(toLocationId, itemTypeId, 1)];
      break;
    }
    case 'ChildReleased':
      delta.item = { id: event.data.childId, set: { arrivedAt: event.metadata.occurredAt }, clearPending: false };
      break;
    case 'ItemRetired': {
      const { itemId, lastLocationId } = event.data;
      // The command side only retires items standing on their own, so the location is always given.
      if (lastLocationId !== null) delta.increments = [itemCountChange(lastLocationId, typeOf(itemId), -1)];
      break;
    }
    case 'LocationCreated': {
      const { locationId, code, name, locationTypeId, parentLocationId } = event.data;
      delta.location = { id: locationId, set: { code, name, locationTypeId, parentLocationId, active: true, deleted: false } };
      break;
    }
    case 'LocationUpdated': {
      const { locationId, code, name, parentLocationId, active } = event.data;
      delta.location = { id: locationId, set: { code, name, parentLocationId, active } };
      break;
    }
    case 'LocationDeleted':
      delta.location = { id: event.data.locationId, set: { deleted: true } };
      break;
    case 'ItemTypeDefined':
    case 'ItemTypeUpdated':
      delta.catalogType = { id: event.data.itemTypeId, set: { kind: 'itemType', name: event.data.name, removed: false } };
      break;
    case 'LocationTypeDefined':
    case 'LocationTypeUpdated':
      delta.catalogType = { id: event.data.locationTypeId, set: { kind: 'locationType', name: event.data.name, removed: false } };
      break;
    case 'ItemTypeRemoved':
      delta.catalogType = { id: event.data.itemTypeId, set: { kind: 'itemType', name: null, removed: true } };
      break;
    case 'LocationTypeRemoved':
      delta.catalogType = { id: event.data.locationTypeId, set: { kind: 'locationType', name: null, removed: true } };
      break;
    case 'ItemUpdated':
      break;
  }
  delta.increments = mergeByDocument(delta.increments);
  return delta;
}

/** One `$inc` per document (a move to the same location twice in one bucket adds up), zeros dropped. */
export function mergeByDocument(increments: readonly BucketIncrement[]): BucketIncrement[] {
  const merged = new Map<string, BucketIncrement>();
  for (const { collection, id, inc } of increments) {
    const target = merged.get(`${collection}/${id}`) ?? { collection, id, inc: {} };
    for (const [path, n] of Object.entries(inc)) target.inc[path] = (target.inc[path] ?? 0) + n;
    merged.set(`${collection}/${id}`, target);
  }
  return [...merged.values()]
    .map(({ collection, id, inc }) => ({ collection, id, inc: Object.fromEntries(Object.entries(inc).filter(([, n]) => n !== 0)) }))
    .filter(({ inc }) => Object.keys(inc).length > 0);
}

/**
 * Every guarded document applying `delta` may mark, so the sweeper can unmark them by id. A moved
 * parent's children are listed both ways (parked on the child, or counted at the locations).
 */
export function guardedDocumentsOf(delta: ReportDelta): GuardedIds {
  const ids = { locations: new Set<string>(), movements: new Set<string>(), moveLog: new Set<string>(), items: new Set<string>() };
  for (const { collection, id } of delta.increments) ids[collection].add(id);
  for (const { itemId, locationId } of delta.childCounts) {
    ids.items.add(itemId);
    ids.locations.add(locationId);
  }
  if (delta.move) ids.moveLog.add(moveLogId(delta.move.at));
  return Object.fromEntries(Object.entries(ids).filter(([, set]) => set.size > 0).map(([name, set]) => [name, [...set]]));
}
