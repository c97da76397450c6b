/**
 * Example downstream consumer: prints every inventory event as one JSON line.
 *   KAFKA_BROKERS (default 127.0.0.1:9092), SCHEMA_REGISTRY_URL (default http://127.0.0.1:8081/apis/ccompat/v7),
 *   GROUP_ID (default example-downstream-consumer; a new one reads from the start).
 */
import { Kafka, logLevel } from 'kafkajs';
import { createEventDecoder } from './decode-event.js';

/** Topic names are part of the published contract (docs/events.md); nothing is imported from the producer. */
const TOPICS = ['inventory.catalog.v1', 'inventory.locations.v1', 'inventory.items.v1'];
/** Delivery is at-least-once: remember recent event ids and skip redeliveries (a real system keeps them in its store). */
const DEDUPE_WINDOW = 100_000;

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const decode = createEventDecoder(process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7');
const consumer = new Kafka({ clientId: 'example-downstream-consumer', brokers, logLevel: logLevel.WARN })
  .consumer({ groupId: process.env.GROUP_ID ?? 'example-downstream-consumer' });
const seen = new Set<string>();

await consumer.connect();
await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    if (!message.value) return;
    const event = await decode(message.value);
    if (seen.has(event.metadata.eventId)) return;
    seen.add(event.metadata.eventId);
    if (seen.size > DEDUPE_WINDOW) seen.delete(seen.values().next().value!);
    process.stdout.write(`${JSON.stringify({ topic, partition, offset: message.offset, key: message.key?.toString(), ...event })}\n`);
  },
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void consumer.disconnect().then(() => process.exit(0)));
}
