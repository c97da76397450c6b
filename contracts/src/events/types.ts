/**
 * The event catalog as TypeScript types: the shape every service and downstream consumer sees
 * once an Avro record is decoded. The Avro schemas under contracts/avro are the wire contract;
 * a contracts test keeps both in agreement (any drift fails it).
 *
 * Timestamps are epoch milliseconds (Avro long, logicalType timestamp-millis).
 * Optional values are `null` (Avro union with null, default null), never `undefined`.
 */

/** Envelope carried by every event. */
export interface EventMetadata {
  /** UUID, unique per event: consumers dedupe by it. */
  eventId: string;
  /** Same as the record name, e.g. "ItemMoved". */
  eventType: string;
  aggregateId: string;
  /** 1 for the aggregate's first event, then +1 per event. */
  aggregateVersion: number;
  occurredAt: number;
  /** User id of whoever issued the command ("system" for internal work). */
  actorId: string;
  correlationId: string;
  /** Id of the command (or event) that caused this one; null when there is none. */
  causationId: string | null;
}

interface Event<TType extends string, TData> {
  type: TType;
  metadata: EventMetadata;
  data: TData;
}

// --- catalog topic: location types and item types (key = type id) ---
export type LocationTypeDefined = Event<'LocationTypeDefined', {
  locationTypeId: string;
  name: string;
  /** null: any item type may be stored. */
  allowedItemTypeIds: string[] | null;
  /** null: unlimited. Counts items physically at one location of this type, assigned children included. */
  capacity: number | null;
}>;
export type LocationTypeUpdated = Event<'LocationTypeUpdated', LocationTypeDefined['data']>;
export type LocationTypeRemoved = Event<'LocationTypeRemoved', { locationTypeId: string }>;

export type ItemTypeDefined = Event<'ItemTypeDefined', {
  itemTypeId: string;
  name: string;
  /** JSON Schema (as JSON text) that items' attributes must satisfy; null: free attributes. */
  attributesSchema: string | null;
}>;
export type ItemTypeUpdated = Event<'ItemTypeUpdated', ItemTypeDefined['data']>;
export type ItemTypeRemoved = Event<'ItemTypeRemoved', { itemTypeId: string }>;

// --- locations topic (key = location id) ---
export type LocationCreated = Event<'LocationCreated', {
  locationId: string;
  code: string;
  name: string;
  locationTypeId: string;
  parentLocationId: string | null;
}>;
export type LocationUpdated = Event<'LocationUpdated', {
  locationId: string;
  code: string;
  name: string;
  parentLocationId: string | null;
  /** Inactive locations accept no moves. */
  active: boolean;
}>;
export type LocationDeleted = Event<'LocationDeleted', { locationId: string }>;

// --- items topic (key = item id) ---
export type ItemKind = 'PARENT' | 'CHILD';

export type ItemRegistered = Event<'ItemRegistered', {
  itemId: string;
  itemTypeId: string;
  kind: ItemKind;
  name: string;
  serialNumber: string | null;
  barcode: string | null;
  /** Free attributes, string values. */
  attributes: Record<string, string>;
  locationId: string;
}>;
export type ItemUpdated = Event<'ItemUpdated', {
  itemId: string;
  name: string;
  serialNumber: string | null;
  barcode: string | null;
  attributes: Record<string, string>;
}>;
export type ItemRetired = Event<'ItemRetired', {
  itemId: string;
  /** Where the item stood when retired (null for an assigned child). */
  lastLocationId: string | null;
  reason: string | null;
}>;
/** One item moved; a parent's move lists every assigned child that moved with it. */
export type ItemMoved = Event<'ItemMoved', {
  itemId: string;
  fromLocationId: string;
  toLocationId: string;
  reason: string | null;
  movedChildIds: string[];
}>;
/** On the child's stream: the child now travels with the parent. */
export type ChildAssigned = Event<'ChildAssigned', {
  childId: string;
  parentId: string;
  /** Where the child stood on its own before. */
  fromLocationId: string;
  /** The parent's location, where the child now is. */
  toLocationId: string;
  reason: string | null;
}>;
/** On the child's stream: the child stands on its own again, where its parent was. */
export type ChildReleased = Event<'ChildReleased', {
  childId: string;
  parentId: string;
  locationId: string;
  reason: string | null;
}>;

export type CatalogEvent = LocationTypeDefined | LocationTypeUpdated | LocationTypeRemoved | ItemTypeDefined | ItemTypeUpdated | ItemTypeRemoved;
export type LocationEvent = LocationCreated | LocationUpdated | LocationDeleted;
export type ItemEvent = ItemRegistered | ItemUpdated | ItemRetired | ItemMoved | ChildAssigned | ChildReleased;
export type InventoryEvent = CatalogEvent | LocationEvent | ItemEvent;
export type InventoryEventType = InventoryEvent['type'];
export type EventOfType<T extends InventoryEventType> = Extract<InventoryEvent, { type: T }>;
