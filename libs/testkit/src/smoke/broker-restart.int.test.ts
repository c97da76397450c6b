import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { restart, waitUntil } from '@inventory/local-infra';
import { useInfra } from '../infra.js';
import { skipBecause } from '../skip.js';

describe('smoke: a broker restart while a consumer runs', function () {
  // Kafka delivers at least once: a commit in flight when the broker goes down is lost, and the message after the
  // last commit that landed comes again (seen here: m6 twice). The product's consumers are idempotent for that
  // (their own tests); what this smoke test holds the broker and kafkajs to is resuming from the committed offset.
  it('resumes from the committed offset: nothing lost, in order, at most a redelivery after the last commit', async function () {
    const infra = await useInfra();
    if (!infra.kafka) skipBecause(this, 'KAFKA_BROKERS names an external broker; this test restarts its own');
    const broker = infra.kafka;
    const kafka = new Kafka({ clientId: 'smoke-restart', brokers: [infra.env.KAFKA_BROKERS], logLevel: logLevel.NOTHING, retry: { retries: 30, maxRetryTime: 2000 } });
    const topic = `smoke-broker-restart-${randomUUID()}`;
    const groupId = `smoke-group-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const received: string[] = [];
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommitThreshold: 1, eachMessage: async ({ message }) => { received.push(message.value!.toString()); } });

    const produce = async (values: string[]): Promise<void> => {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: 'k', value })) });
      await producer.disconnect();
    };

    const firstBatch = ['m1', 'm2', 'm3', 'm4', 'm5'];
    await produce(firstBatch);
    await waitUntil('first batch consumed', async () => received.length >= firstBatch.length, { timeoutMs: 60_000 });

    await restart(broker);

    const secondBatch = ['m6', 'm7', 'm8', 'm9', 'm10'];
    await produce(secondBatch);
    await waitUntil('second batch consumed after the restart', async () => new Set(received).size >= firstBatch.length + secondBatch.length, { timeoutMs: 90_000 });
    await consumer.disconnect();

    const sent = [...firstBatch, ...secondBatch];
    // Either every message once, or once up to some point and then again from a committed offset onwards.
    const firstRepeat = received.findIndex((value, index) => received.indexOf(value) !== index);
    const resumedAt = firstRepeat < 0 ? sent.length : sent.indexOf(received[firstRepeat]!);
    assert.deepEqual(received, firstRepeat < 0 ? sent : [...sent.slice(0, firstRepeat), ...sent.slice(resumedAt)]);
    const checkAdmin = kafka.admin();
    await checkAdmin.connect();
    const [offsets] = await checkAdmin.fetchOffsets({ groupId, topics: [topic] });
    await checkAdmin.disconnect();
    assert.equal(offsets?.partitions[0]?.offset, '10', 'the group committed past every message');
  });
});
