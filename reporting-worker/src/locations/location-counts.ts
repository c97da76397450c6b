import type { DocumentModel, EventOf, ReadDocument } from '@inventory/projection';
import { childrenToPark, itemOf, itemRef, typeOf } from '../items/item-state.js';
import { counted, plus, type Guarded } from '../shared/markers.js';

/** A location as its events describe it, with the items standing there: in all, and per item type. */
export interface LocationDoc extends Guarded {
  _id: string;
  code?: string;
  name?: string;
  locationTypeId?: string;
  parentLocationId?: string | null;
  active?: boolean;
  deleted?: boolean;
  itemCount?: number;
  byItemType?: Record<string, number>;
}

const DESCRIBING = ['LocationCreated', 'LocationUpdated', 'LocationDeleted'] as const;
const COUNTING = ['ItemRegistered', 'ItemMoved', 'ChildAssigned', 'ItemRetired'] as const;
export type LocationEvent = (typeof DESCRIBING)[number] | (typeof COUNTING)[number];
export const LOCATION_EVENTS: readonly LocationEvent[] = [...DESCRIBING, ...COUNTING];

/** Items per location and item type an event adds (negative: takes away), zeros dropped. */
type CountChanges = Map<string, Map<string, number>>;

/**
 * Counts are sums of explicit from/to changes, so they come out right whatever order different
 * aggregates' events arrive in; only immutable facts (an item's type) are read. A moved parent's
 * children of a type not seen yet are counted by their registration (items/item-state.ts parks them).
 */
function countChanges(event: EventOf<LocationEvent>, read: ReadDocument | undefined): CountChanges {
  const changes: CountChanges = new Map();
  const add = (locationId: string, itemTypeId: string, n: number): void => {
    const byType = changes.get(locationId) ?? new Map<string, number>();
    byType.set(itemTypeId, (byType.get(itemTypeId) ?? 0) + n);
    changes.set(locationId, byType);
  };
  const moved = (itemTypeId: string, from: string, to: string): void => {
    add(from, itemTypeId, -1);
    add(to, itemTypeId, 1);
  };
  switch (event.type) {
    case 'ItemRegistered': {
      const { itemId, itemTypeId, locationId } = event.data;
      const item = itemOf(read, itemId);
      // A type on the item means this registration was applied already (item state reaches the store after
      // the counts it decided): a replay, whose parked counts were taken over, so its changes cannot be redone.
      if (item?.itemTypeId) break;
      add(locationId, itemTypeId, 1);
      for (const [at, n] of Object.entries(item?.pending ?? {})) add(at, itemTypeId, n);
      break;
    }
    case 'ItemMoved': {
      const { itemId, fromLocationId, toLocationId, movedChildIds } = event.data;
      moved(typeOf(read, event, itemId), fromLocationId, toLocationId);
      const parked = new Set(childrenToPark(read, movedChildIds));
      for (const childId of movedChildIds) if (!parked.has(childId)) moved(typeOf(read, event, childId), fromLocationId, toLocationId);
      break;
    }
    case 'ChildAssigned':
      moved(typeOf(read, event, event.data.childId), event.data.fromLocationId, event.data.toLocationId);
      break;
    case 'ItemRetired':
      // The command side only retires items standing on their own, so the location is always given.
      if (event.data.lastLocationId !== null) add(event.data.lastLocationId, typeOf(read, event, event.data.itemId), -1);
      break;
    default:
      break;
  }
  for (const [locationId, byType] of changes) {
    for (const [itemTypeId, n] of byType) if (n === 0) byType.delete(itemTypeId);
    if (byType.size === 0) changes.delete(locationId);
  }
  return changes;
}

const itemIdsOf = (event: EventOf<LocationEvent>): string[] => {
  switch (event.type) {
    case 'ItemRegistered':
    case 'ItemRetired':
      return [event.data.itemId];
    case 'ItemMoved':
      return [event.data.itemId, ...event.data.movedChildIds];
    case 'ChildAssigned':
      return [event.data.childId];
    default:
      return [];
  }
};

/** The locations whose counts an event changes (marked documents, see shared/markers.ts). */
export const countedLocationsOf = (event: EventOf<LocationEvent>, read: ReadDocument | undefined): string[] => [...countChanges(event, read).keys()];

/** Every location an event changes: described or counted. */
export const changedLocationsOf = (event: EventOf<LocationEvent>, read: ReadDocument | undefined): string[] =>
  (DESCRIBING as readonly string[]).includes(event.type) ? [(event as EventOf<(typeof DESCRIBING)[number]>).data.locationId] : countedLocationsOf(event, read);

export const locationReads = (event: EventOf<LocationEvent>) => itemIdsOf(event).map(itemRef);

/** Locations: their description (fields set, in any order against the counts) and their item counts. */
export const locationCountsModel: DocumentModel<LocationDoc, LocationEvent> = {
  collection: 'locations',
  handles: LOCATION_EVENTS,
  reads: locationReads,
  idsOf: changedLocationsOf,
  evolve(doc, event, id, read) {
    switch (event.type) {
      case 'LocationCreated': {
        const { code, name, locationTypeId, parentLocationId } = event.data;
        return { ...(doc ?? { _id: id }), code, name, locationTypeId, parentLocationId, active: true, deleted: false };
      }
      case 'LocationUpdated': {
        const { code, name, parentLocationId, active } = event.data;
        return { ...(doc ?? { _id: id }), code, name, parentLocationId, active };
      }
      case 'LocationDeleted':
        return { ...(doc ?? { _id: id }), deleted: true };
      default: {
        const byType = countChanges(event, read).get(id);
        if (!byType) return doc;
        return counted(doc, id, event.metadata.eventId, (location) => {
          let { itemCount = 0, byItemType } = location;
          for (const [itemTypeId, n] of byType) {
            itemCount += n;
            byItemType = plus(byItemType, itemTypeId, n);
          }
          return { ...location, itemCount, byItemType };
        });
      }
    }
  },
};
