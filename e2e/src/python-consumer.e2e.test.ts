import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import { EVENT_TYPES, EventCodec, createTopicsPatiently, type InventoryEvent } from '@inventory/contracts';
import { eventArbitrary } from '@inventory/contracts/testing';
import { repoRoot } from '@inventory/local-infra';
import { ensurePythonTools, pythonToolsUnavailable, skipBecause, useInfra } from '@inventory/testkit';

const run = promisify(execFile);

/** Astral characters, combining marks and right-to-left text (Hebrew, Arabic, an RTL override). */
const TRICKY = ['😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎', 'e\u0301 a\u0308\u0323 क्षि', '\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eabc\u202c'];
const TEXT_FIELDS = new Set(['name', 'code', 'serialNumber', 'barcode', 'reason']);

/** The event with every free-text field (and its attributes) holding the tricky strings. */
function withTrickyText(event: InventoryEvent, index: number): InventoryEvent {
  const data = Object.fromEntries(Object.entries(event.data).map(([key, value]) => {
    if (TEXT_FIELDS.has(key)) return [key, `${TRICKY[index % TRICKY.length]} ${key}`];
    if (key === 'attributes') return [key, Object.fromEntries(TRICKY.map((text, position) => [`${text} ${position}`, text]))];
    return [key, value];
  }));
  return { ...event, data } as InventoryEvent;
}

const utf8Hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
  return [];
}

/**
 * A consumer that is not ours: Python confluent-kafka with the registry's AvroDeserializer, given only the
 * broker address and the registry URL, decodes every event type from the real broker, and each string it
 * reads is byte for byte what was sent.
 */
describe('every event decoded by Python confluent-kafka and its Avro deserializer', function () {
  it('decodes all event types with astral, combining and right-to-left strings unchanged', async function () {
    this.timeout(360_000);
    const unavailable = pythonToolsUnavailable();
    if (unavailable) skipBecause(this, unavailable);
    const python = ensurePythonTools();
    const infra = await useInfra();
    const codec = new EventCodec(infra.env.SCHEMA_REGISTRY_URL);
    await codec.registerAll();
    // A private topic: these events must not reach other suites' projections in the same run.
    const topic = `python-consumer-${randomUUID()}`;
    const kafka = new Kafka({ clientId: topic, brokers: infra.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsPatiently(admin, [{ topic, numPartitions: 3 }]);
    await admin.disconnect();

    const sent = EVENT_TYPES.flatMap((type, index) => fc.sample(eventArbitrary(type), { numRuns: 3, seed: 7 + index }).map(withTrickyText));
    const encoded = await Promise.all(sent.map((event) => codec.encode(event)));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: encoded.map(({ key, value, headers }) => ({ key, value, headers })) });
    await producer.disconnect();

    const { stdout } = await run(python, [path.join(repoRoot, 'e2e/src/avro-consumer.py'), infra.env.KAFKA_BROKERS, infra.env.SCHEMA_REGISTRY_URL, topic, String(sent.length)], { maxBuffer: 1 << 24, timeout: 240_000, killSignal: 'SIGKILL' });
    const decoded = new Map(stdout.trim().split('\n').map((line) => JSON.parse(line) as { eventId: string; strings: string[] }).map((entry) => [entry.eventId, new Set(entry.strings)]));
    assert.equal(decoded.size, sent.length, 'every event decoded');
    for (const event of sent) {
      const strings = decoded.get(event.metadata.eventId);
      assert.ok(strings, `${event.type} ${event.metadata.eventId} decoded`);
      for (const text of stringsOf(event.data)) assert.ok(strings.has(utf8Hex(text)), `${event.type}: ${JSON.stringify(text)} arrives byte for byte`);
    }
    assert.ok(sent.some((event) => stringsOf(event.data).some((text) => text.includes('😀'))), 'astral text was sent');
  });
});
