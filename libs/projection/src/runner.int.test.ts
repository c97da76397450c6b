import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADERS, EventCodec, TOPICS, type InventoryEvent, type ItemMoved } from '@inventory/contracts';
import { useInfra } from '@inventory/testkit';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { MongoClient, type Db, type Document } from 'mongodb';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { waitUntilCaughtUp } from './catch-up.js';
import { CHECKPOINT_FIELD, type Checkpoint, type HostedCheckpoint } from './checkpoints.js';
import type { DocumentModel } from './document-model.js';
import type { Projection, TopicNames } from './projection.js';
import { activeGeneration } from './read-models.js';
import { rebuildProjection } from './rebuild.js';
import { replayDeadLetters } from './replay.js';
import { ProjectionRunner, type RunnerOptions } from './runner.js';
import { createPrivateTopics, deleteTopics, publishEvents } from './testing/index.js';

type Doc = Document & { _id: string };

const moved = (itemId: string, version: number, reason: string | null = null): ItemMoved => ({
  type: 'ItemMoved',
  metadata: { eventId: randomUUID(), eventType: 'ItemMoved', aggregateId: itemId, aggregateVersion: version, occurredAt: Date.now(), actorId: 'tester', correlationId: randomUUID(), causationId: null },
  data: { itemId, fromLocationId: 'a', toLocationId: 'b', reason, movedChildIds: [] },
});

const streamOf = (itemId: string, versions: number): ItemMoved[] => Array.from({ length: versions }, (_, i) => moved(itemId, i + 1));

/**
 * Deliberately NOT idempotent (appends every version it sees): any double application or
 * reordering shows in `versions`, so these tests see exactly what the runner lets through.
 */
function visitLog(poisoned: Set<string>): Projection {
  const model: DocumentModel<{ _id: string; versions: number[] }, InventoryEvent['type']> = {
    collection: 'log',
    handles: ['ItemRegistered', 'ItemUpdated', 'ItemRetired', 'ItemMoved', 'ChildAssigned', 'ChildReleased'],
    idsOf: (event) => [event.metadata.aggregateId],
    evolve(doc, event, id) {
      if (poisoned.has(event.metadata.eventId)) throw new Error('poisoned event');
      return { _id: id, versions: [...(doc?.versions ?? []), event.metadata.aggregateVersion] };
    },
  };
  return { name: 'visits', topics: [TOPICS.items], setup: async () => undefined, models: [model] };
}

/** A model whose document of an item in `oversized` would exceed the store's 16 MB limit. */
function visitModel(oversized: Set<string>): Projection {
  const model: DocumentModel<{ _id: string; versions: number[]; padding?: string }, 'ItemMoved'> = {
    collection: 'log',
    handles: ['ItemMoved'],
    idsOf: (event) => [event.data.itemId],
    evolve: (doc, event, id) => ({ _id: id, versions: [...(doc?.versions ?? []), event.metadata.aggregateVersion], ...(oversized.has(id) ? { padding: 'x'.repeat(17 * 2 ** 20) } : {}) }),
  };
  return { name: 'visits', topics: [TOPICS.items], setup: async () => undefined, models: [model] };
}

const outcomeCount = async (registry: Registry, outcome: string): Promise<number> =>
  (await registry.getSingleMetric('projection_events_total')!.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

describe('ProjectionRunner against real Kafka, schema registry and document store', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let codec: EventCodec;
  let mongo: MongoClient;
  let db: Db;
  let topics: TopicNames;
  const createdTopics: TopicNames[] = [];
  const logger = pino({ level: 'silent' });

  before(async () => {
    const { env } = await useInfra();
    kafka = new Kafka({ clientId: 'projection-test', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: true });
    await Promise.all([admin.connect(), producer.connect()]);
    codec = new EventCodec(env.SCHEMA_REGISTRY_URL);
    mongo = await MongoClient.connect(env.MONGODB_URI);
  });

  beforeEach(async () => {
    topics = await createPrivateTopics(admin);
    createdTopics.push(topics);
    db = mongo.db(`projection_test_${randomUUID().slice(0, 8)}`);
  });

  afterEach(async () => {
    await db.dropDatabase();
  });

  after(async () => {
    // Only now: the shared producer keeps refreshing metadata of every topic it has sent to.
    for (const names of createdTopics) await deleteTopics(admin, names);
    await Promise.allSettled([admin.disconnect(), producer.disconnect(), mongo.close()]);
  });

  const runnerOptions = (projection: Projection, registry = new Registry()): RunnerOptions => ({
    kafka, db, codec, projection, logger, registry, generation: 1, groupId: `visits-${topics['inventory.items.v1']}`, topicNames: topics, retryDelayMs: 10,
  });

  /** Starts `runner`, waits until it has committed everything published so far, stops it. */
  const runUntilCaughtUp = async (runner: ProjectionRunner): Promise<ProjectionRunner> => {
    await runner.start();
    try {
      await waitUntilCaughtUp(admin, runner.groupId, runner.sourceTopics, { timeoutMs: 60_000 });
    } finally {
      await runner.stop();
    }
    return runner;
  };

  const visits = async (): Promise<Map<string, number[]>> =>
    new Map((await db.collection<{ _id: string; versions: number[] }>('visits_log_g1').find().toArray()).map((doc) => [doc._id, doc.versions]));

  /** Each aggregate's checkpoint, wherever it is (a log document's, or the checkpoints collection's). */
  const checkpointed = async (): Promise<{ hosted: Map<string, number>; separate: Map<string, number> }> => ({
    hosted: new Map((await db.collection<Doc>('visits_log_g1').find({ [CHECKPOINT_FIELD]: { $exists: true } }).toArray()).map((doc) => [doc._id, doc[CHECKPOINT_FIELD] as HostedCheckpoint])),
    separate: new Map((await db.collection<Checkpoint>('visits_checkpoints_g1').find().toArray()).map((doc) => [doc._id, doc.version])),
  });

  for (const checkpointHost of [undefined, 'log']) {
    it(`applies every aggregate version exactly once and in order, skipping redelivered ones${checkpointHost ? ', each checkpoint in its aggregate\'s log document' : ''}`, async () => {
      const streams = Array.from({ length: 30 }, () => streamOf(randomUUID(), 4));
      const redelivered = streams.flatMap((stream) => stream.slice(0, 2));
      await publishEvents(producer, codec, topics, [...streams.flat(), ...redelivered]);
      const registry = new Registry();
      await runUntilCaughtUp(new ProjectionRunner(runnerOptions({ ...visitLog(new Set()), checkpointHost }, registry)));
      const log = await visits();
      for (const stream of streams) assert.deepEqual(log.get(stream[0]!.data.itemId), [1, 2, 3, 4]);
      assert.equal(await outcomeCount(registry, 'applied'), 120);
      assert.equal(await outcomeCount(registry, 'skipped'), redelivered.length);
      const { hosted, separate } = await checkpointed();
      const all = new Map(streams.map((stream) => [stream[0]!.data.itemId, 4]));
      assert.deepEqual([hosted, separate], checkpointHost ? [all, new Map()] : [new Map(), all]);
    });
  }

  for (const checkpointHost of [undefined, 'log']) it(`dead-letters a failing event with the error in headers, then every later version (a gap), and replay applies them once fixed${checkpointHost ? ' (checkpoints hosted)' : ''}`, async () => {
    const [v1, v2, v3] = streamOf(randomUUID(), 3) as [ItemMoved, ItemMoved, ItemMoved];
    const healthy = streamOf(randomUUID(), 2);
    const poisoned = new Set([v2.metadata.eventId]);
    await publishEvents(producer, codec, topics, [v1, v2, v3, ...healthy]);
    const registry = new Registry();
    const options = runnerOptions({ ...visitLog(poisoned), checkpointHost }, registry);
    const runner = await runUntilCaughtUp(new ProjectionRunner(options));
    assert.deepEqual((await visits()).get(v1.data.itemId), [1], 'nothing after the failed version is applied');
    assert.deepEqual((await visits()).get(healthy[0]!.data.itemId), [1, 2], 'other aggregates go on');
    assert.equal(await outcomeCount(registry, 'dead_lettered'), 2);
    assert.equal((await registry.getSingleMetric('projection_version_gaps_total')!.get()).values[0]?.value, 1);

    const parked = await readAll(kafka, topics['inventory.dlq.v1'], 2);
    assert.deepEqual(parked.map((m) => m.headers[DEAD_LETTER_HEADERS.error]), ['Error: poisoned event', `Error: version gap on ${v1.data.itemId}: applied 1, received 3`]);
    assert.deepEqual(parked.map((m) => m.headers[DEAD_LETTER_HEADERS.consumerGroup]), [runner.groupId, runner.groupId]);
    assert.deepEqual(parked.map((m) => m.headers[DEAD_LETTER_HEADERS.sourceTopic]), [topics['inventory.items.v1'], topics['inventory.items.v1']]);

    poisoned.clear();
    assert.deepEqual(await replayDeadLetters(options), { applied: 2, skipped: 0, dead_lettered: 0 });
    assert.deepEqual((await visits()).get(v1.data.itemId), [1, 2, 3]);
    const { hosted, separate } = await checkpointed();
    assert.equal((checkpointHost ? hosted : separate).get(v1.data.itemId), 3);
    assert.deepEqual(await replayDeadLetters(options), { applied: 0, skipped: 0, dead_lettered: 0 }, 'a second replay has nothing left to do');
  });

  for (const checkpointHost of [undefined, 'log']) it(`a document the store cannot take (over 16 MB) dead-letters the events that wrote it; the rest of the unit commits and the runner goes on${checkpointHost ? ' (the refused document is the host)' : ''}`, async () => {
    const big = streamOf(randomUUID(), 2);
    const healthy = Array.from({ length: 5 }, () => streamOf(randomUUID(), 2));
    await publishEvents(producer, codec, topics, [...big, ...healthy.flat()]);
    const registry = new Registry();
    await runUntilCaughtUp(new ProjectionRunner(runnerOptions({ ...visitModel(new Set([big[0]!.data.itemId])), checkpointHost }, registry)));
    const log = await visits();
    for (const stream of healthy) assert.deepEqual(log.get(stream[0]!.data.itemId), [1, 2]);
    assert.equal(log.has(big[0]!.data.itemId), false);
    const { hosted, separate } = await checkpointed();
    assert.deepEqual(new Set([...hosted.keys(), ...separate.keys()]), new Set(healthy.map((stream) => stream[0]!.data.itemId)), 'no checkpoint for the dead-lettered events');
    assert.equal(await outcomeCount(registry, 'applied'), 10);
    assert.equal(await outcomeCount(registry, 'dead_lettered'), 2);
    const parked = await readAll(kafka, topics['inventory.dlq.v1'], 2);
    assert.ok(parked.every((m) => m.headers[DEAD_LETTER_HEADERS.error]!.startsWith('DocumentWriteError: writing visits_log_g1 ')), JSON.stringify(parked.map((m) => m.headers[DEAD_LETTER_HEADERS.error])));
  });

  for (const checkpointHost of [undefined, 'log']) it(`a rebuild (fresh generation: what it has not written is taken as absent) equals the live read model, and becomes the active one${checkpointHost ? ' (checkpoints hosted)' : ''}`, async () => {
    const streams = Array.from({ length: 40 }, () => streamOf(randomUUID(), 5));
    await publishEvents(producer, codec, topics, streams.flat());
    await runUntilCaughtUp(new ProjectionRunner(runnerOptions({ ...visitLog(new Set()), checkpointHost })));
    const { groupId: _groupId, generation: _generation, ...options } = runnerOptions({ ...visitLog(new Set()), checkpointHost });
    const result = await rebuildProjection({ ...options, groupPrefix: `rebuild-${topics['inventory.items.v1']}.`, retireAfterMs: 0, chunkSize: 7 });
    assert.deepEqual([result.from, result.to, result.events], [1, 2, 200]);
    assert.equal(await activeGeneration(db, 'visits'), 2);
    const rebuilt = new Map((await db.collection<{ _id: string; versions: number[] }>('visits_log_g2').find().toArray()).map((doc) => [doc._id, doc.versions]));
    for (const stream of streams) assert.deepEqual(rebuilt.get(stream[0]!.data.itemId), [1, 2, 3, 4, 5]);
    const checkpoints = checkpointHost ? db.collection<Doc>('visits_log_g2').find({ [CHECKPOINT_FIELD]: { $exists: true } }) : db.collection<Doc>('visits_checkpoints_g2').find();
    assert.equal((await checkpoints.toArray()).length, streams.length);
  });

  it('scale-out: two members share the partitions; stopping one hands them over, nothing lost or applied twice', async () => {
    const [first, second] = [new Registry(), new Registry()];
    const a = new ProjectionRunner(runnerOptions(visitLog(new Set()), first));
    const b = new ProjectionRunner(runnerOptions(visitLog(new Set()), second));
    await Promise.all([a.start(), b.start()]);
    const partitionsOf = (runner: ProjectionRunner) => runner.assignment[topics['inventory.items.v1']]?.length ?? 0;
    await until(() => partitionsOf(a) > 0 && partitionsOf(b) > 0 && partitionsOf(a) + partitionsOf(b) === 12, 'both members hold partitions');

    const streams = Array.from({ length: 60 }, () => streamOf(randomUUID(), 6));
    await publishEvents(producer, codec, topics, streams.flatMap((stream) => stream.slice(0, 3)));
    await waitUntilCaughtUp(admin, a.groupId, a.sourceTopics, { timeoutMs: 60_000 });
    assert.ok((await outcomeCount(first, 'applied')) > 0 && (await outcomeCount(second, 'applied')) > 0, 'both members applied events');

    await a.stop();
    await publishEvents(producer, codec, topics, streams.flatMap((stream) => stream.slice(3)));
    try {
      await waitUntilCaughtUp(admin, b.groupId, b.sourceTopics, { timeoutMs: 90_000 });
    } finally {
      await b.stop();
    }
    const log = await visits();
    for (const stream of streams) assert.deepEqual(log.get(stream[0]!.data.itemId), [1, 2, 3, 4, 5, 6]);
    assert.equal((await outcomeCount(first, 'applied')) + (await outcomeCount(second, 'applied')), 360);
  });
});

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readAll(kafka: Kafka, topic: string, count: number): Promise<{ headers: Record<string, string> }[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const messages: { offset: number; partition: number; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
      messages.push({ offset: Number(message.offset), partition, headers });
    },
  });
  await until(() => messages.length >= count, `${count} dead letters arrived`);
  await consumer.disconnect();
  // Same key, so same partition: offset order is dead-letter order.
  return messages.sort((x, y) => x.offset - y.offset);
}
