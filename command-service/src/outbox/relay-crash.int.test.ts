import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { Db, MongoClient } from 'mongodb';
import { EventCodec, TOPICS, ensureTopics, whileLeadersSettle, type InventoryEvent } from '@inventory/contracts';
import { mongoFromEnv } from '@inventory/platform';
import { useInfra } from '@inventory/testkit';
import { registerItem } from '../items/handler.js';
import { locationTypeHandlers } from '../location-types/handler.js';
import { itemTypeHandlers } from '../item-types/handler.js';
import { createLocation } from '../locations/handler.js';
import { moveItem } from '../moves/handler.js';
import { writeModelOf, type WriteModel } from '../store/documents.js';
import type { CommandStore } from '../store/store.js';
import { watchTopic } from '../testing/service.js';

const RELAY_PROCESS = fileURLToPath(new URL('../testing/relay-process.ts', import.meta.url));
const ITEMS = 40;
const context = { actorId: 'crash-test', correlationId: 'crash-test' };

/** Fills the outbox with commands while no relay runs: 40 items registered and moved twice. */
async function fillOutbox(store: CommandStore): Promise<string[]> {
  const tag = randomUUID().slice(0, 6);
  const itemType = await itemTypeHandlers.define(store, { name: `crate ${tag}`, attributesSchema: null }, context);
  const yard = await locationTypeHandlers.define(store, { name: `yard ${tag}`, allowedItemTypeIds: null, capacity: null }, context);
  const [a, b] = await Promise.all(['A', 'B'].map((code) => createLocation(store, { code: `${code}-${tag}`, name: code, locationTypeId: yard.document._id, parentLocationId: null }, context)));
  const itemIds = await Promise.all(Array.from({ length: ITEMS }, async (_, n) => {
    const { document } = await registerItem(store, { itemTypeId: itemType.document._id, kind: 'PARENT', name: `item ${n}`, serialNumber: null, barcode: null, attributes: {}, locationId: a!.document._id }, context);
    await moveItem(store, { itemId: document._id, toLocationId: b!.document._id, reason: null }, context);
    await moveItem(store, { itemId: document._id, toLocationId: a!.document._id, reason: null }, context);
    return document._id;
  }));
  return itemIds;
}

const pendingItemDocuments = (model: WriteModel) => model.items.countDocuments({ 'outbox.0': { $exists: true } });

async function outboxEvents(model: WriteModel): Promise<InventoryEvent[]> {
  const documents = await model.items.find({}, { projection: { outbox: 1 } }).toArray();
  return documents.flatMap((document) => document.outbox.map((json) => JSON.parse(json) as InventoryEvent));
}

describe('outbox relay killed with SIGKILL mid-stream (real broker, registry and store)', function () {
  this.timeout(180_000);
  let mongo: MongoClient;
  let db: Db;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  before(async () => {
    const infra = await useInfra();
    // The handlers that fill the outbox ask the store profile, so the client comes from createMongo.
    ({ client: mongo, db } = mongoFromEnv(infra.env, `relay_crash_${randomUUID().slice(0, 8)}`));
    await mongo.connect();
    env = { ...process.env, ...infra.env, RELAY_DATABASE: db.databaseName, RELAY_BATCH_DOCUMENTS: '2' };
    // What the command service does at start: run alone, no other suite has made the topics or schemas yet.
    const admin = new Kafka({ brokers: infra.env.KAFKA_BROKERS!.split(','), clientId: 'relay-crash-setup', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await Promise.all([ensureTopics(admin), new EventCodec(infra.env.SCHEMA_REGISTRY_URL!).registerAll()]);
    } finally {
      await admin.disconnect();
    }
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.dropDatabase();
    await mongo?.close();
  });

  async function startRelay(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', RELAY_PROCESS], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('relay started')) resolve(); });
      child.once('exit', (code) => reject(new Error(`relay process exited with ${code} before starting`)));
    });
    return child;
  }

  /** Offsets where a topic ends now, summed: what a consumer must have read to have seen everything. */
  async function messagesUpToNow(): Promise<number> {
    const admin = new Kafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'relay-crash-offsets', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      return (await whileLeadersSettle(() => admin.fetchTopicOffsets(TOPICS.items))).reduce((sum, { offset }) => sum + Number(offset), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('loses nothing, reorders nothing and repeats nothing: every outbox event reaches Kafka once', async () => {
    const model = writeModelOf(db);
    const itemIds = new Set(await fillOutbox({ model, wake: () => undefined }));
    const expected = new Map((await outboxEvents(model)).map((event) => [event.metadata.eventId, event]));
    assert.equal(expected.size, ITEMS * 3);
    const before = await messagesUpToNow();
    const topic = await watchTopic(TOPICS.items);
    try {
      const first = await startRelay();
      while ((await pendingItemDocuments(model)) === ITEMS) await new Promise((resolve) => setTimeout(resolve, 5));
      first.kill('SIGKILL');
      await once(first, 'exit');
      const left = await pendingItemDocuments(model);
      assert.ok(left > 0 && left < ITEMS, `the kill must land mid-stream (documents with unpublished events: ${left})`);

      const second = await startRelay();
      while ((await pendingItemDocuments(model)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      second.kill('SIGKILL');
      const ours = (events: InventoryEvent[]) => events.filter((event) => itemIds.has(event.metadata.aggregateId));
      const published = (await messagesUpToNow()) - before;
      const seen = ours(await topic.until((events) => events.length >= published));
      assert.deepEqual(seen.map((event) => event.metadata.eventId).sort(), [...expected.keys()].sort(), 'every event once, whatever the kill interrupted');

      for (const event of seen) assert.deepEqual(event, expected.get(event.metadata.eventId), `a repeat must be the same event: ${event.metadata.eventId}`);
      for (const itemId of itemIds) {
        const versions = seen.filter((event) => event.metadata.aggregateId === itemId).map((event) => event.metadata.aggregateVersion);
        const firstSeen = versions.filter((version, index) => versions.indexOf(version) === index);
        assert.deepEqual(firstSeen, [1, 2, 3], `item ${itemId} events out of order: ${versions.join(',')}`);
      }
    } finally {
      await topic.stop();
    }
  });

  it('a relay that published and died before removing them does not publish those events again', async () => {
    const model = writeModelOf(db);
    const itemIds = new Set(await fillOutbox({ model, wake: () => undefined }));
    const expected = await outboxEvents(model);
    // What the dead relay got out: the first half of the documents' events, in outbox order.
    const codec = new EventCodec(env.SCHEMA_REGISTRY_URL!);
    const sentBefore = expected.filter((event) => [...itemIds].indexOf(event.metadata.aggregateId) < ITEMS / 2);
    const before = await messagesUpToNow();
    const topic = await watchTopic(TOPICS.items);
    const producer = new Kafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'relay-crash-dead-relay', logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic: TOPICS.items, acks: -1, messages: await Promise.all(sentBefore.map(async (event) => { const { key, value, headers } = await codec.encode(event); return { key, value, headers }; })) });
      await producer.disconnect();
      const relay = await startRelay();
      while ((await pendingItemDocuments(model)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      relay.kill('SIGKILL');
      const published = (await messagesUpToNow()) - before;
      const seen = (await topic.until((events) => events.length >= published)).filter((event) => itemIds.has(event.metadata.aggregateId));
      assert.deepEqual(seen.map((event) => event.metadata.eventId).sort(), expected.map((event) => event.metadata.eventId).sort(), 'every event once: the half already out is not sent again');
    } finally {
      await topic.stop();
    }
  });
});
