import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import { useInfra } from '@inventory/testkit';
import { EVENT_COMPATIBILITY, getSubjectCompatibility } from '../registry/compatibility.js';
import { anyEventArbitrary, eventArbitrary } from './arbitraries.js';
import { EVENT_TYPES, subjectOf, topicOf } from './catalog.js';
import { EventCodec, EventDecodeError } from './codec.js';
import { createTopicsPatiently } from '../kafka/topics.js';
import type { InventoryEvent } from './types.js';

describe('EventCodec against the real schema registry and Kafka', () => {
  let codec: EventCodec;
  let registryUrl: string;
  let brokers: string[];

  before(async () => {
    const infra = await useInfra();
    registryUrl = infra.env.SCHEMA_REGISTRY_URL;
    brokers = infra.env.KAFKA_BROKERS.split(',');
    codec = new EventCodec(registryUrl);
  });

  it('registers every event type under <topic>-<record full name> with BACKWARD_TRANSITIVE, idempotently', async () => {
    const first = await codec.registerAll();
    const again = await new EventCodec(registryUrl).registerAll();
    assert.deepEqual(again, first, 'registering the same schemas again returns the same ids');
    assert.equal(new Set(Object.values(first)).size, EVENT_TYPES.length, 'one schema id per event type');
    for (const type of EVENT_TYPES) {
      assert.equal(await getSubjectCompatibility(registryUrl, subjectOf(type)), EVENT_COMPATIBILITY, subjectOf(type));
    }
  });

  it('every event decodes to exactly what was encoded, with topic, key and headers from the catalog', async () => {
    const consumerSide = new EventCodec(registryUrl); // a consumer has no schemas cached: it must fetch them by id
    await fc.assert(fc.asyncProperty(anyEventArbitrary, async (event) => {
      const encoded = await codec.encode(event);
      assert.deepEqual(await consumerSide.decode(encoded), event);
      assert.equal(encoded.key, event.metadata.aggregateId);
      assert.deepEqual(encoded.headers, { eventType: event.type, eventId: event.metadata.eventId, correlationId: event.metadata.correlationId });
      assert.equal(encoded.value.readInt32BE(1), await codec.schemaIdOf(event.type), 'Confluent wire format carries the schema id');
    }), { numRuns: 150 });
  });

  it('refuses to encode an event whose metadata disagrees with its data', async () => {
    const [event] = fc.sample(eventArbitrary('ItemMoved'), 1);
    await assert.rejects(codec.encode({ ...event!, metadata: { ...event!.metadata, aggregateId: randomUUID() } }), /aggregateId/);
    await assert.rejects(codec.encode({ ...event!, metadata: { ...event!.metadata, eventType: 'ItemRetired' } }), /eventType/);
  });

  it('refuses to decode values that are not registry-encoded inventory events', async () => {
    await assert.rejects(codec.decode({ value: null }), /not a schema-registry encoded/);
    await assert.rejects(codec.decode({ value: Buffer.from('{"json":true}') }), /not a schema-registry encoded/);
    const foreign = new SchemaRegistry({ host: registryUrl });
    const schema = { type: 'record', name: 'Shipment', namespace: 'other.team', fields: [{ name: 'id', type: 'string' }] };
    const { id } = await foreign.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `foreign-${randomUUID()}` });
    await assert.rejects(codec.decode({ value: await foreign.encode(id, { id: 'x' }) }), EventDecodeError);
  });

  it('every event type travels through Kafka and is decoded by a consumer group', async () => {
    // A private topic: random events on the real topics would reach other suites' projections in the same run.
    const topic = `contracts-round-trip-${randomUUID()}`;
    const kafka = new Kafka({ clientId: `contracts-${randomUUID()}`, brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsPatiently(admin, [{ topic, numPartitions: 3 }]);
    await admin.disconnect();

    const sent: InventoryEvent[] = EVENT_TYPES.flatMap((type) => fc.sample(eventArbitrary(type), 3));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const encoded = await Promise.all(sent.map((event) => codec.encode(event)));
    await producer.send({ topic, acks: -1, messages: encoded.map(({ key, value, headers }) => ({ key, value, headers })) });
    await producer.disconnect();

    const received = new Map<string, { event: InventoryEvent; key: string | undefined; eventTypeHeader: string | undefined }>();
    const consumer = kafka.consumer({ groupId: `contracts-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.size}/${sent.length} events arrived`)), 60_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            const event = await codec.decode(message);
            received.set(event.metadata.eventId, { event, key: message.key?.toString(), eventTypeHeader: message.headers?.eventType?.toString() });
            if (received.size === sent.length) { clearTimeout(timer); resolve(); }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    for (const [index, event] of sent.entries()) {
      const got = received.get(event.metadata.eventId)!;
      assert.deepEqual(got.event, event);
      assert.equal(encoded[index]!.topic, topicOf(event.type));
      assert.equal(got.key, event.metadata.aggregateId);
      assert.equal(got.eventTypeHeader, event.type);
    }
  });
});
