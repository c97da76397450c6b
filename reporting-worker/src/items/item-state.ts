import type { DocumentModel, ReadDocument } from '@inventory/projection';
import { counted, plus, type Guarded } from '../shared/markers.js';

/** What the worker remembers per item between its events: the reports need its type and, for dwell times, when it last arrived. */
export interface ItemDoc extends Guarded {
  _id: string;
  itemTypeId?: string;
  /** When the item last arrived somewhere on its own (registered, moved, released). */
  arrivedAt?: number;
  /** Location count changes carried by a parent's move before this child's registration was seen (other partition), per location id. */
  pending?: Record<string, number>;
}

export const ITEMS = 'items';

/** The item's document as another model reads it (declared in its reads: itemRef). */
export const itemRef = (id: string) => ({ collection: ITEMS, id });
export const itemOf = (read: ReadDocument | undefined, id: string): ItemDoc | null => read!(ITEMS, id) as ItemDoc | null;

/** The item's type, which every event after its registration can rely on (the same aggregate, so the same partition, in order). */
export function typeOf(read: ReadDocument | undefined, event: { type: string }, itemId: string): string {
  const itemTypeId = itemOf(read, itemId)?.itemTypeId;
  if (!itemTypeId) throw new Error(`${event.type} for item ${itemId} before its registration was applied`);
  return itemTypeId;
}

/** A moved parent's children whose type the worker has not seen yet: their counts wait on their own document. */
export const childrenToPark = (read: ReadDocument | undefined, childIds: readonly string[]): string[] => childIds.filter((childId) => !itemOf(read, childId)?.itemTypeId);

type ItemEvent = 'ItemRegistered' | 'ItemMoved' | 'ChildReleased';

/**
 * Item state. Its own events set fields (a replay sets them again); what a parent's move parks on
 * a child not yet registered is counted (markers), and its registration takes it over
 * (locations/location-counts.ts reads `pending` before this model clears it: listed after it).
 */
export const itemStateModel: DocumentModel<ItemDoc, ItemEvent> = {
  collection: ITEMS,
  handles: ['ItemRegistered', 'ItemMoved', 'ChildReleased'],
  reads: (event) => (event.type === 'ItemMoved' ? event.data.movedChildIds.map(itemRef) : []),
  idsOf(event, read) {
    switch (event.type) {
      case 'ItemRegistered':
        return [event.data.itemId];
      case 'ItemMoved':
        return [event.data.itemId, ...childrenToPark(read, event.data.movedChildIds)];
      case 'ChildReleased':
        return [event.data.childId];
    }
  },
  evolve(doc, event, id) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'ItemRegistered': {
        const { pending: _taken, ...rest } = doc ?? { _id: id };
        return { ...rest, itemTypeId: event.data.itemTypeId, arrivedAt: at };
      }
      case 'ItemMoved': {
        if (id === event.data.itemId) return { ...(doc ?? { _id: id }), arrivedAt: at };
        const { fromLocationId, toLocationId } = event.data;
        return counted(doc, id, event.metadata.eventId, (child) => ({ ...child, pending: plus(plus(child.pending, fromLocationId, -1), toLocationId, 1) }));
      }
      case 'ChildReleased':
        return { ...(doc ?? { _id: id }), arrivedAt: at };
    }
  },
};
