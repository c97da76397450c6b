import type { ItemRegistered } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { Versioned } from '../slice.js';

/** The registered item's fields (from its event), plus where it is now and its bookkeeping. */
export interface ItemDoc extends Versioned, Omit<ItemRegistered['data'], 'itemId' | 'locationId'> {
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

/** The document a registration creates (the placement number and childIds are added by the model). */
export function registeredItem({ data, metadata }: ItemRegistered): Omit<ItemDoc, 'placement' | 'childIds'> {
  const { itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId } = data;
  const at = new Date(metadata.occurredAt);
  return { _id: itemId, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId, parentId: null, retired: false, version: metadata.aggregateVersion, createdAt: at, updatedAt: at };
}
