import type { Assignment, ChildAssigned, ChildReleased, Item, ItemMoved, ItemType, Location, LocationType, Move } from '@inventory/contracts';
import type { AggregateDocument, ItemDocument, ItemTypeDocument, LocationDocument, LocationTypeDocument } from '../store/documents.js';

/** The contract's resources, built from what a command wrote (not read back: a later writer may already have changed it). */

const versioned = (document: AggregateDocument) => ({
  version: document.version,
  createdAt: document.createdAt.toISOString(),
  updatedAt: document.updatedAt.toISOString(),
});

export const locationTypeOf = (document: LocationTypeDocument): LocationType => ({
  id: document._id,
  name: document.name,
  allowedItemTypeIds: document.allowedItemTypeIds,
  capacity: document.capacity,
  ...versioned(document),
});

/** The write model keeps the attributes schema as JSON text (see item-types/decide.ts); the API shows the object. */
export const itemTypeOf = (document: ItemTypeDocument): ItemType => ({
  id: document._id,
  name: document.name,
  attributesSchema: document.attributesSchema === null ? null : JSON.parse(document.attributesSchema) as Record<string, unknown>,
  ...versioned(document),
});

export const locationOf = (document: LocationDocument): Location => ({
  id: document._id,
  code: document.code,
  name: document.name,
  locationTypeId: document.locationTypeId,
  parentLocationId: document.parentLocationId,
  active: document.active,
  ...versioned(document),
});

/** `locationId` is where the item physically is: for an assigned child, its parent's location. */
export const itemOf = (document: ItemDocument, locationId: string): Item => ({
  id: document._id,
  itemTypeId: document.itemTypeId,
  kind: document.kind,
  name: document.name,
  serialNumber: document.serialNumber,
  barcode: document.barcode,
  attributes: document.attributes,
  locationId,
  parentId: document.parentId,
  ...versioned(document),
});

export const moveOf = ({ metadata, data }: ItemMoved): Move => ({
  eventId: metadata.eventId,
  itemId: data.itemId,
  fromLocationId: data.fromLocationId,
  toLocationId: data.toLocationId,
  movedChildIds: data.movedChildIds,
  occurredAt: new Date(metadata.occurredAt).toISOString(),
});

/** Both for a new assignment and for the one a release ended: where the child is now. */
export function assignmentOf({ type, data }: ChildAssigned | ChildReleased): Assignment {
  return { childId: data.childId, parentId: data.parentId, locationId: type === 'ChildAssigned' ? data.toLocationId : data.locationId };
}
