import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { restart } from '@inventory/local-infra';
import { useInfra } from '../infra.js';
import { skipBecause } from '../skip.js';

const schema = {
  type: 'record',
  name: 'SmokeEvent',
  namespace: 'inventory.smoke',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'count', type: 'int' },
  ],
};

function kafkaFor(brokers: string): Kafka {
  return new Kafka({ clientId: `smoke-${randomUUID()}`, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** A fresh single-partition topic, filled by an idempotent producer. */
async function topicWith(kafka: Kafka, prefix: string, messages: { key: string; value: Buffer }[]): Promise<string> {
  const topic = `${prefix}-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  // Not waitForLeaders: kafkajs gives up when a busy broker does not know the new topic yet; the producer below retries until it does.
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  return topic;
}

/** Consumes `topic` from the beginning in a fresh group until `count` messages arrived. */
async function consumeValues(kafka: Kafka, topic: string, count: number): Promise<Buffer[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values: Buffer[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${values.length}/${count} messages arrived`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value) values.push(message.value);
          if (values.length >= count) { clearTimeout(timer); resolve(); }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

describe('smoke: Avro through the real schema registry and Kafka', function () {
  it('registers, encodes, produces idempotently, consumes in a group and decodes', async function () {
    const infra = await useInfra();
    const registry = new SchemaRegistry({ host: infra.env.SCHEMA_REGISTRY_URL });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `smoke-${randomUUID()}-value` });
    assert.ok(id > 0, 'registry returned a schema id');

    const kafka = kafkaFor(infra.env.KAFKA_BROKERS);
    const sent = [{ id: 'a', count: 1 }, { id: 'b', count: 2 }, { id: 'c', count: 3 }];
    const topic = await topicWith(kafka, 'smoke-avro', await Promise.all(sent.map(async (event) => ({ key: event.id, value: await registry.encode(id, event) }))));

    const received = await consumeValues(kafka, topic, sent.length);
    const decoded = await Promise.all(received.map((value) => registry.decode(value)));
    assert.deepEqual(decoded.map((event) => ({ ...event })), sent, "decoded values equal what was sent");
    // The Confluent wire format: magic byte 0, then the 4-byte schema id.
    assert.equal(received[0]![0], 0);
    assert.equal(received[0]!.readInt32BE(1), id);
  });

  it('decodes messages produced before a registry restart (schema ids persist)', async function () {
    const infra = await useInfra();
    if (!infra.registry) skipBecause(this, 'SCHEMA_REGISTRY_URL names an external registry; this test restarts its own');
    const subject = `smoke-restart-${randomUUID()}-value`;
    const before = new SchemaRegistry({ host: infra.env.SCHEMA_REGISTRY_URL });
    const { id } = await before.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject });

    const kafka = kafkaFor(infra.env.KAFKA_BROKERS);
    const topic = await topicWith(kafka, 'smoke-restart', [{ key: 'k', value: await before.encode(id, { id: 'kept', count: 42 }) }]);

    await restart(infra.registry);

    // A fresh client has no cached schemas: decoding must fetch the id from the restarted registry.
    const after = new SchemaRegistry({ host: infra.env.SCHEMA_REGISTRY_URL });
    const [value] = await consumeValues(kafka, topic, 1);
    assert.deepEqual({ ...(await after.decode(value!)) }, { id: 'kept', count: 42 });
    assert.equal(await after.getLatestSchemaId(subject), id);
  });
});
