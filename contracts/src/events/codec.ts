import { COMPATIBILITY, SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import type { EventTopicName } from '../kafka/topics.js';
import { DEFAULT_REGISTRY_LIMITS, createRegistryClient, type RegistryCallLimits } from '../registry/client.js';
import { EVENT_COMPATIBILITY, setSubjectCompatibility } from '../registry/compatibility.js';
import { avroSchemaOf, avroTypeOf } from './avro-schemas.js';
import { AVRO_NAMESPACE, EVENT_TYPES, aggregateIdOf, isInventoryEventType, subjectOf, topicOf } from './catalog.js';
import { toPlain } from './plain.js';
import type { InventoryEvent, InventoryEventType } from './types.js';

/** Kafka headers on every event message, so routers and DLQ tools need not decode the value. */
export const EVENT_HEADERS = { eventType: 'eventType', eventId: 'eventId', correlationId: 'correlationId' } as const;

export interface EncodedEvent {
  topic: EventTopicName;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** The parts of a consumed Kafka message the codec reads (kafkajs' KafkaMessage fits). */
export interface EventMessage {
  value: Buffer | null;
}

export class EventDecodeError extends Error {}

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary. */
const WIRE_HEADER_BYTES = 5;

interface WriterReading {
  type: InventoryEventType;
  resolver: avro.Resolver;
}

/**
 * Encodes events for Kafka and decodes them back, through the schema registry. Decoding resolves
 * the writer's schema (any registered version) into this build's schema, so a consumer always gets
 * exactly the TypeScript shape it was compiled against.
 */
export class EventCodec {
  private readonly registry: SchemaRegistry;
  private readonly schemaIds = new Map<InventoryEventType, Promise<number>>();
  private readonly readings = new Map<number, Promise<WriterReading>>();

  private readonly limits: RegistryCallLimits;

  /** `limits` override the defaults (DEFAULT_REGISTRY_LIMITS) one by one, e.g. `{ timeoutMs }` from SCHEMA_REGISTRY_TIMEOUT_MS. */
  constructor(private readonly registryUrl: string, limits: Partial<RegistryCallLimits> = {}) {
    this.limits = { ...DEFAULT_REGISTRY_LIMITS, ...limits };
    this.registry = createRegistryClient(registryUrl, this.limits);
  }

  /** Registers every event schema (idempotent); services call it at start-up to fail fast on an incompatible change. */
  async registerAll(): Promise<Record<InventoryEventType, number>> {
    // One subject after another: sent all at once, the calls queue at the registry (a cold one on a
    // busy machine answers them one by one) and the later ones time out although nothing is wrong.
    const ids: Partial<Record<InventoryEventType, number>> = {};
    for (const type of EVENT_TYPES) ids[type] = await this.schemaIdOf(type);
    return ids as Record<InventoryEventType, number>;
  }

  schemaIdOf(type: InventoryEventType): Promise<number> {
    let id = this.schemaIds.get(type);
    if (!id) {
      id = this.register(type);
      id.catch(() => this.schemaIds.delete(type)); // a failed registration is retried on next use
      this.schemaIds.set(type, id);
    }
    return id;
  }

  async encode(event: InventoryEvent): Promise<EncodedEvent> {
    const key = aggregateIdOf(event);
    if (event.metadata.aggregateId !== key) throw new Error(`${event.type}: metadata.aggregateId ${event.metadata.aggregateId} is not the event's own id ${key}`);
    if (event.metadata.eventType !== event.type) throw new Error(`${event.type}: metadata.eventType is ${event.metadata.eventType}`);
    const value = await this.registry.encode(await this.schemaIdOf(event.type), { metadata: event.metadata, data: event.data });
    const { eventId, correlationId } = event.metadata;
    return { topic: topicOf(event.type), key, value, headers: { [EVENT_HEADERS.eventType]: event.type, [EVENT_HEADERS.eventId]: eventId, [EVENT_HEADERS.correlationId]: correlationId } };
  }

  async decode(message: EventMessage): Promise<InventoryEvent> {
    const { value } = message;
    if (!value || value.length < WIRE_HEADER_BYTES || value[0] !== 0) throw new EventDecodeError('not a schema-registry encoded Avro value');
    const { type, resolver } = await this.readingOf(value.readInt32BE(1));
    const { metadata, data } = toPlain(avroTypeOf(type).fromBuffer(value.subarray(WIRE_HEADER_BYTES), resolver)) as Omit<InventoryEvent, 'type'>;
    return { type, metadata, data } as InventoryEvent;
  }

  private async register(type: InventoryEventType): Promise<number> {
    const subject = subjectOf(type);
    // Set first: the client refuses to register when the subject's level differs from the one it is given.
    await setSubjectCompatibility(this.registryUrl, subject, EVENT_COMPATIBILITY, this.limits);
    const schema = JSON.stringify(avroSchemaOf(type));
    const { id } = await this.registry.register({ type: SchemaType.AVRO, schema }, { subject, compatibility: COMPATIBILITY[EVENT_COMPATIBILITY] });
    return id;
  }

  private readingOf(schemaId: number): Promise<WriterReading> {
    let reading = this.readings.get(schemaId);
    if (!reading) {
      reading = this.resolveWriter(schemaId);
      reading.catch(() => this.readings.delete(schemaId));
      this.readings.set(schemaId, reading);
    }
    return reading;
  }

  private async resolveWriter(schemaId: number): Promise<WriterReading> {
    // Re-parse with this package's avsc: resolvers need both types from the same avsc instance.
    const registered = (await this.registry.getSchema(schemaId)) as unknown as avro.Type;
    const writer = avro.Type.forSchema(registered.schema());
    const type = writer.name?.startsWith(`${AVRO_NAMESPACE}.`) ? writer.name.slice(AVRO_NAMESPACE.length + 1) : undefined;
    if (!type || !isInventoryEventType(type)) throw new EventDecodeError(`schema ${schemaId} (${writer.name}) is not an inventory event`);
    return { type, resolver: avroTypeOf(type).createResolver(writer) };
  }
}
