import { TOPICS, type EventTopicName } from '../kafka/topics.js';
import type { EventOfType, InventoryEvent, InventoryEventType } from './types.js';

export interface EventTypeInfo<T extends InventoryEventType> {
  topic: EventTopicName;
  /** Field of `data` holding the aggregate id: the message key, so one aggregate's events stay ordered. */
  keyField: keyof EventOfType<T>['data'] & string;
}

/** Where each event type goes; a mapped type, so forgetting a new event type fails to compile. */
export const EVENT_CATALOG: { readonly [T in InventoryEventType]: EventTypeInfo<T> } = {
  LocationTypeDefined: { topic: TOPICS.catalog, keyField: 'locationTypeId' },
  LocationTypeUpdated: { topic: TOPICS.catalog, keyField: 'locationTypeId' },
  LocationTypeRemoved: { topic: TOPICS.catalog, keyField: 'locationTypeId' },
  ItemTypeDefined: { topic: TOPICS.catalog, keyField: 'itemTypeId' },
  ItemTypeUpdated: { topic: TOPICS.catalog, keyField: 'itemTypeId' },
  ItemTypeRemoved: { topic: TOPICS.catalog, keyField: 'itemTypeId' },
  LocationCreated: { topic: TOPICS.locations, keyField: 'locationId' },
  LocationUpdated: { topic: TOPICS.locations, keyField: 'locationId' },
  LocationDeleted: { topic: TOPICS.locations, keyField: 'locationId' },
  ItemRegistered: { topic: TOPICS.items, keyField: 'itemId' },
  ItemUpdated: { topic: TOPICS.items, keyField: 'itemId' },
  ItemRetired: { topic: TOPICS.items, keyField: 'itemId' },
  ItemMoved: { topic: TOPICS.items, keyField: 'itemId' },
  ChildAssigned: { topic: TOPICS.items, keyField: 'childId' },
  ChildReleased: { topic: TOPICS.items, keyField: 'childId' },
};

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as InventoryEventType[];

export const AVRO_NAMESPACE = 'inventory.events';

export function isInventoryEventType(name: string): name is InventoryEventType {
  return Object.hasOwn(EVENT_CATALOG, name);
}

export function topicOf(type: InventoryEventType): EventTopicName {
  return EVENT_CATALOG[type].topic;
}

/** The aggregate id as the event's own data names it (must equal metadata.aggregateId). */
export function aggregateIdOf(event: InventoryEvent): string {
  return (event.data as unknown as Record<string, string>)[EVENT_CATALOG[event.type].keyField]!;
}

/** TopicRecordNameStrategy: several event types share a topic, each evolves under its own subject. */
export function subjectOf(type: InventoryEventType): string {
  return `${topicOf(type)}-${AVRO_NAMESPACE}.${type}`;
}
