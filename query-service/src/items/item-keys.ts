import type { DocumentModel, ReadDocument, ReadModelSpace } from '@inventory/projection';
import { unhandled } from '../slice.js';
import type { ItemDoc } from './item-doc.js';

/**
 * The items that carry one serial number or barcode (`_id` `serial:<value>` / `barcode:<value>`),
 * so a search by either reads by `_id` on every store: FerretDB would scan `items` for a filter on
 * the field. A set kept by adding and removing ids, so items' events from different partitions
 * leave the same set in any order; readers check each listed item against its own document, so an
 * id left behind is harmless, a missing one is not.
 */
export interface ItemKeysDoc {
  _id: string;
  /** Sorted: the document does not depend on the order the ids came in. */
  itemIds: string[];
}

export const ITEM_KEYS = 'item_keys';

export const itemKeys = (space: ReadModelSpace) => space.collection<ItemKeysDoc>(ITEM_KEYS);

export const serialKey = (serialNumber: string): string => `serial:${serialNumber}`;
export const barcodeKey = (barcode: string): string => `barcode:${barcode}`;

type Identified = Pick<ItemDoc, 'kind' | 'retired' | 'serialNumber' | 'barcode'>;

/** The keys a reader finds the item by: none before its registration (no kind) or once it is retired (no reader shows it then). */
export function keysOf(item: Identified | null): string[] {
  if (!item?.kind || item.retired) return [];
  return [item.serialNumber !== null ? serialKey(item.serialNumber) : undefined, item.barcode !== null ? barcodeKey(item.barcode) : undefined]
    .filter((key): key is string => key !== undefined);
}

/** The key document with `itemId` listed (`listed`) or not; null once nobody is listed, the document itself when nothing changes. */
export function withItem(doc: ItemKeysDoc | null, id: string, itemId: string, listed: boolean): ItemKeysDoc | null {
  const ids = doc?.itemIds ?? [];
  if (ids.includes(itemId) === listed) return doc;
  const itemIds = listed ? [...ids, itemId].sort() : ids.filter((other) => other !== itemId);
  return itemIds.length > 0 ? { _id: id, itemIds } : null;
}

const KEY_EVENTS = ['ItemRegistered', 'ItemUpdated', 'ItemRetired'] as const;
type KeyEvent = Parameters<DocumentModel<ItemKeysDoc, (typeof KEY_EVENTS)[number]>['evolve']>[1];

/**
 * The keys the event lists the item under, and those it no longer does. Read before the items
 * model applies the event (this model comes first). An event the item's document has seen (a
 * replay) lists it again under what the document carries now: a crash may have written the item
 * and not its keys; what it stopped carrying meanwhile may stay listed (harmless, see above).
 */
function keyChanges(event: KeyEvent, read: ReadDocument): { listed: string[]; unlisted: string[] } {
  const before = read('items', event.data.itemId) as ItemDoc | null;
  if (before && (before.version ?? 0) >= event.metadata.aggregateVersion) return { listed: keysOf(before), unlisted: [] };
  const after = afterEvent(event, before);
  const listed = keysOf(after);
  return { listed, unlisted: keysOf(before).filter((key) => !listed.includes(key)) };
}

/** What the item's document carries after the event (as the items model applies it: an update or retirement of an unknown item does nothing). */
function afterEvent(event: KeyEvent, before: ItemDoc | null): Identified | null {
  switch (event.type) {
    case 'ItemRegistered':
      return { ...event.data, retired: false };
    case 'ItemUpdated':
      return before && { ...before, serialNumber: event.data.serialNumber, barcode: event.data.barcode };
    case 'ItemRetired':
      return before && { ...before, retired: true };
    default:
      return unhandled(event);
  }
}

export const itemKeysModel: DocumentModel<ItemKeysDoc, (typeof KEY_EVENTS)[number]> = {
  collection: ITEM_KEYS,
  handles: KEY_EVENTS,
  reads: (event) => [{ collection: 'items', id: event.data.itemId }],
  idsOf(event, read) {
    const { listed, unlisted } = keyChanges(event, read!);
    return [...listed, ...unlisted];
  },
  evolve(doc, event, id, read) {
    return withItem(doc, id, event.data.itemId, keyChanges(event, read!).listed.includes(id));
  },
};
