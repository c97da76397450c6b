import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { Registry } from 'prom-client';
import { EventCodec, ensureTopics, TOPICS, type InventoryEvent } from '@inventory/contracts';
import { useInfra } from '@inventory/testkit';
import { itemTypeHandlers } from '../item-types/handler.js';
import { writeModelOf, type ItemTypeDocument } from '../store/documents.js';
import { watchTopic } from '../testing/service.js';
import { OutboxRelay } from './relay.js';

const context = { actorId: 'poison-test', correlationId: 'poison-test' };

describe('outbox relay with a poisoned document (real broker, registry and store)', function () {
  this.timeout(120_000);
  let mongo: MongoClient;
  let db: Db;
  let relay: OutboxRelay | undefined;

  before(async () => {
    const infra = await useInfra();
    mongo = await new MongoClient(infra.env.MONGODB_URI!).connect();
    db = mongo.db(`relay_poison_${randomUUID().slice(0, 8)}`);
    const admin = new Kafka({ brokers: infra.env.KAFKA_BROKERS!.split(','), clientId: 'relay-poison-test', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
  });
  after(async () => {
    await relay?.stop();
    await db?.dropDatabase();
    await mongo?.close();
  });

  it('quarantines the documents whose events cannot be encoded, with their error, and publishes the rest', async () => {
    const { env } = await useInfra();
    const model = writeModelOf(db);
    const store = { model, wake: () => undefined };
    const define = (name: string) => itemTypeHandlers.define(store, { name, attributesSchema: null }, context);
    const first = await define(`first ${randomUUID().slice(0, 6)}`);
    // Poisoned documents come before the good ones in the sweep: an event naming another aggregate, and text that is no JSON.
    const event = JSON.parse(first.document.outbox[0] ?? (await model.itemTypes.findOne({ _id: first.document._id }))!.outbox[0]!) as InventoryEvent;
    const misnamed = JSON.stringify({ ...event, metadata: { ...event.metadata, aggregateId: 'someone-else', eventId: randomUUID() } });
    const poisoned = ['poison-a', 'poison-b'];
    await model.itemTypes.insertMany([
      { ...first.document, _id: poisoned[0]!, outbox: [misnamed] },
      { ...first.document, _id: poisoned[1]!, outbox: ['{not json'] },
    ] as ItemTypeDocument[]);
    await model.itemTypes.deleteOne({ _id: first.document._id });
    const good = await Promise.all([1, 2, 3].map((n) => define(`good ${n} ${randomUUID().slice(0, 6)}`)));
    const goodIds = new Set(good.map(({ document }) => document._id));

    const topic = await watchTopic(TOPICS.catalog);
    const metrics = new Registry();
    const quarantined: string[] = [];
    try {
      relay = new OutboxRelay({
        kafka: new Kafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'relay-poison-test', logLevel: logLevel.NOTHING }),
        codec: new EventCodec(env.SCHEMA_REGISTRY_URL!),
        model,
        metrics,
        onQuarantine: (family, id) => quarantined.push(`${family}/${id}`),
      });
      await relay.start();
      await topic.until((events) => events.filter((seen) => goodIds.has(seen.metadata.aggregateId)).length === goodIds.size);
    } finally {
      await topic.stop();
    }
    assert.deepEqual(quarantined.sort(), poisoned.map((id) => `itemTypes/${id}`));
    for (const id of poisoned) {
      const document = (await model.itemTypes.findOne({ _id: id }))!;
      assert.equal(document.outbox.length, 1, 'a quarantined document keeps its events');
      assert.ok(document.outboxQuarantine?.error, 'and says why');
    }
    assert.equal(await model.itemTypes.countDocuments({ _id: { $in: [...goodIds] }, 'outbox.0': { $exists: true } }), 0);
    const text = await metrics.metrics();
    assert.match(text, /outbox_quarantined_documents\{family="itemTypes"\} 2/);
    assert.match(text, /outbox_quarantined_total\{family="itemTypes"\} 2/);
    assert.match(text, /outbox_pending_documents\{family="itemTypes"\} 2/);
  });
});
