import type { ItemRegistered } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { Versioned } from '../slice.js';
import type { StaysHolder } from '../timeline/stay-buckets.js';

/**
 * The registered item's fields (from its event), plus where it is now, its bookkeeping and its
 * timeline's stays (timeline/stay-buckets.ts). A document without `kind` is one the item's
 * registration has not reached yet (a parent's child list or a carried child's stays came first):
 * no reader shows it.
 */
export interface ItemDoc extends Versioned, StaysHolder, Omit<ItemRegistered['data'], 'itemId' | 'locationId'> {
  _id: string;
  /** Where it physically is: an assigned child's is its parent's (kept in step by the parent's moves). */
  locationId: string | null;
  parentId: string | null;
  retired: boolean;
  /** How many times locationId/parentId have been written: the contents entry of each placement carries it. */
  placement?: number;
  /** A parent's assigned children, so its move updates them by `_id` rather than by a scan on parentId. */
  childIds?: string[];
}

export const items = (space: ReadModelSpace) => space.collection<ItemDoc>('items');

/** What readers of the item itself ask for: all but its stays, which only point-in-time answers and histories read. */
export const WITHOUT_STAYS = { projection: { stays: 0, sealedStays: 0 } } as const;

/** What point-in-time answers and histories ask for: whether the item is registered, and its stays. */
export const STAYS_ONLY = { projection: { kind: 1, stays: 1, sealedStays: 1 } } as const;

/** The document a registration creates (the placement number and childIds are added by the model). */
export function registeredItem({ data, metadata }: ItemRegistered): Omit<ItemDoc, 'placement' | 'childIds'> {
  const { itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId } = data;
  const at = new Date(metadata.occurredAt);
  return { _id: itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId, parentId: null, retired: false, version: metadata.aggregateVersion, createdAt: at, updatedAt: at };
}
