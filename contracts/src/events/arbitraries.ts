import fc from 'fast-check';
import { EVENT_CATALOG, EVENT_TYPES } from './catalog.js';
import type { EventMetadata, EventOfType, InventoryEvent, InventoryEventType } from './types.js';

/**
 * fast-check arbitraries typed with the TS event catalog (tests only): a field missing here fails to
 * compile, and tests check the generated values against the Avro schemas both ways.
 */
const id = fc.uuid();
/** Graphemes, so unicode beyond ASCII (emoji, combining marks) goes through the codec. */
const text = fc.string({ unit: 'grapheme', maxLength: 30 });
/** Plain objects only: decoded events never have a null prototype, and deepEqual tells the difference. */
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true });
const nullable = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(value, { nil: null });
const ids = fc.array(id, { maxLength: 5 });
/** Keys as the API admits them (attributesSchema): never "__proto__". */
const attributes = fc.dictionary(text.filter((key) => key !== '__proto__'), text, { maxKeys: 5, noNullPrototype: true });

const locationTypeData = record({ locationTypeId: id, name: text, allowedItemTypeIds: nullable(ids), capacity: nullable(fc.integer({ min: 0, max: 2 ** 31 - 1 })) });
const itemTypeData = record({ itemTypeId: id, name: text, attributesSchema: nullable(fc.json()) });

const dataArbitraries: { [T in InventoryEventType]: fc.Arbitrary<EventOfType<T>['data']> } = {
  LocationTypeDefined: locationTypeData,
  LocationTypeUpdated: locationTypeData,
  LocationTypeRemoved: record({ locationTypeId: id }),
  ItemTypeDefined: itemTypeData,
  ItemTypeUpdated: itemTypeData,
  ItemTypeRemoved: record({ itemTypeId: id }),
  LocationCreated: record({ locationId: id, code: text, name: text, locationTypeId: id, parentLocationId: nullable(id) }),
  LocationUpdated: record({ locationId: id, code: text, name: text, parentLocationId: nullable(id), active: fc.boolean() }),
  LocationDeleted: record({ locationId: id }),
  ItemRegistered: record({
    itemId: id, itemTypeId: id, kind: fc.constantFrom('PARENT', 'CHILD'), name: text,
    serialNumber: nullable(text), barcode: nullable(text), attributes, locationId: id,
  }),
  ItemUpdated: record({ itemId: id, name: text, serialNumber: nullable(text), barcode: nullable(text), attributes }),
  ItemRetired: record({ itemId: id, lastLocationId: nullable(id), reason: nullable(text) }),
  ItemMoved: record({ itemId: id, fromLocationId: id, toLocationId: id, reason: nullable(text), movedChildIds: ids }),
  ChildAssigned: record({ childId: id, parentId: id, fromLocationId: id, toLocationId: id, reason: nullable(text) }),
  ChildReleased: record({ childId: id, parentId: id, locationId: id, reason: nullable(text) }),
};

function metadataArbitrary(eventType: InventoryEventType, aggregateId: string): fc.Arbitrary<EventMetadata> {
  return record({
    eventId: id,
    eventType: fc.constant(eventType),
    aggregateId: fc.constant(aggregateId),
    aggregateVersion: fc.integer({ min: 1, max: 2 ** 52 }), // avsc longs stop at 2^52
    occurredAt: fc.integer({ min: 0, max: 253402300799999 }), // up to year 9999
    actorId: fc.oneof(id, fc.constant('system')),
    correlationId: id,
    causationId: nullable(id),
  });
}

export function eventArbitrary<T extends InventoryEventType>(type: T): fc.Arbitrary<EventOfType<T>> {
  const keyField: string = EVENT_CATALOG[type].keyField;
  return dataArbitraries[type].chain((data) =>
    metadataArbitrary(type, (data as Record<string, unknown>)[keyField] as string).map((metadata) => ({ type, metadata, data }) as unknown as EventOfType<T>),
  );
}

export const anyEventArbitrary: fc.Arbitrary<InventoryEvent> = fc.oneof(...EVENT_TYPES.map((type) => eventArbitrary(type)));
