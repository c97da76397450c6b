import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventCodec, ProblemError, TOPICS, encodeConsistencyToken, type EventMetadata, type ItemMoved } from '@inventory/contracts';
import { useInfra } from '@inventory/testkit';
import type { KafkaMessage, Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { EventApplier } from './applier.js';
import { CHECKPOINTS, CHECKPOINT_FIELD, Checkpoints } from './checkpoints.js';
import type { DocumentModel } from './document-model.js';
import { projectionMetrics } from './metrics.js';
import { ReadModelSpace } from './read-models.js';
import { awaitConsistency } from './read-your-writes.js';

const moved = (itemId: string, version: number): ItemMoved => ({
  type: 'ItemMoved',
  metadata: { eventId: randomUUID(), eventType: 'ItemMoved', aggregateId: itemId, aggregateVersion: version, occurredAt: Date.now(), actorId: 'tester', correlationId: randomUUID(), causationId: null },
  data: { itemId, fromLocationId: 'a', toLocationId: 'b', reason: null, movedChildIds: [] },
});

const whereModel: DocumentModel<{ _id: string; at: string }, 'ItemMoved'> = {
  collection: 'where',
  handles: ['ItemMoved'],
  idsOf: (event) => [event.data.itemId],
  evolve: (_doc, event, id) => ({ _id: id, at: event.data.toLocationId }),
};

/** Generous: the waits below end when their condition holds, this only bounds a broken run. */
const LONG_WAIT_MS = 120_000;

describe('read-your-writes waits (Checkpoints.waitFor, awaitConsistency) against the real document store', () => {
  let mongo: MongoClient;
  let codec: EventCodec;
  let db: Db;
  let space: ReadModelSpace;

  before(async () => {
    const { env } = await useInfra();
    mongo = await MongoClient.connect(env.MONGODB_URI, { monitorCommands: true });
    codec = new EventCodec(env.SCHEMA_REGISTRY_URL);
  });

  beforeEach(() => {
    db = mongo.db(`ryw_test_${randomUUID().slice(0, 8)}`);
    space = new ReadModelSpace(db, 'ryw', 1);
  });

  afterEach(async () => {
    await db.dropDatabase();
  });

  after(async () => {
    await mongo.close();
  });

  const metadata = (aggregateId: string, aggregateVersion: number): EventMetadata => moved(aggregateId, aggregateVersion).metadata;

  it('trusts what a runner of this process reported written, and only up to the version reported', async () => {
    const id = randomUUID();
    const checkpoints = new Checkpoints(space);
    checkpoints.written([metadata(id, 2)]);
    assert.equal(await checkpoints.waitFor([{ aggregateId: id, aggregateVersion: 2 }], 0), true);
    assert.equal(await checkpoints.waitFor([{ aggregateId: id, aggregateVersion: 3 }], 0), false, 'version 3 is neither reported nor in the store');
    // Another space (generation) of the same projection knows nothing of it.
    assert.equal(await new Checkpoints(new ReadModelSpace(db, 'ryw', 2)).waitFor([{ aggregateId: id, aggregateVersion: 1 }], 0), false);
  });

  for (const checkpointHost of [undefined, 'where']) it(`answers a waiting reader once the runner beside it has written the event (checkpoint included${checkpointHost ? ', in the host document' : ''})`, async () => {
    const producer = { send: async () => { throw new Error('nothing is dead-lettered here'); } } as unknown as Producer;
    const applier = new EventApplier({
      projection: { name: 'ryw', topics: [TOPICS.items], setup: async () => undefined, models: [whereModel], checkpointHost },
      space, codec, producer, deadLetterTopic: 'unused', groupId: 'ryw', metrics: projectionMetrics(new Registry()), logger: pino({ level: 'silent' }),
    });
    const itemId = randomUUID();
    const waiting = new Checkpoints(space, checkpointHost).waitFor([{ aggregateId: itemId, aggregateVersion: 1 }], LONG_WAIT_MS);
    const { key, value, headers } = await codec.encode(moved(itemId, 1));
    const message = { key, value, headers, offset: '0', timestamp: String(Date.now()), attributes: 0 } as unknown as KafkaMessage;
    const [handled] = await applier.applyChunk([{ message, source: { topic: 'items', partition: 0, offset: '0' } }]);
    assert.equal(handled!.outcome, 'applied');
    assert.equal(await waiting, true);
    assert.deepEqual(await space.collection('where').findOne({ _id: itemId as never }, { projection: { _id: 0, at: 1 } }), { at: 'b' });
    const [separate, hosted] = await Promise.all([space.collection(CHECKPOINTS).findOne({ _id: itemId as never }), space.collection('where').findOne({ _id: itemId as never })]);
    assert.deepEqual([separate?.version, hosted?.[CHECKPOINT_FIELD]], checkpointHost ? [undefined, 1] : [1, undefined], 'the checkpoint was in the store before the reader was answered');
    assert.equal(await new Checkpoints(space, checkpointHost).allApplied([{ aggregateId: itemId, aggregateVersion: 1 }]), true, 'and is read from there');
  });

  it('sees a checkpoint another instance wrote by polling the store', async () => {
    const id = randomUUID();
    const checkpoints = new Checkpoints(space);
    const waiting = checkpoints.waitFor([{ aggregateId: id, aggregateVersion: 4 }], LONG_WAIT_MS);
    await space.collection(CHECKPOINTS).insertOne({ _id: id as never, version: 4, eventId: randomUUID(), occurredAt: new Date() });
    assert.equal(await waiting, true);
  });

  it('with a checkpoint host, sees by polling the store a checkpoint another instance wrote in the host document and one it wrote in the checkpoints collection', async () => {
    const [hostedId, separateId] = [randomUUID(), randomUUID()];
    const checkpoints = new Checkpoints(space, 'where');
    const waiting = checkpoints.waitFor([{ aggregateId: hostedId, aggregateVersion: 4 }, { aggregateId: separateId, aggregateVersion: 2 }], LONG_WAIT_MS);
    await space.collection('where').insertOne({ _id: hostedId as never, at: 'b', [CHECKPOINT_FIELD]: 4 });
    assert.equal(await checkpoints.allApplied([{ aggregateId: hostedId, aggregateVersion: 4 }]), true);
    assert.equal(await checkpoints.allApplied([{ aggregateId: hostedId, aggregateVersion: 5 }]), false);
    assert.equal(await new Checkpoints(space).allApplied([{ aggregateId: hostedId, aggregateVersion: 4 }]), false, 'without the host, only the checkpoints collection counts');
    await space.collection('where').insertOne({ _id: separateId as never, at: 'b', [CHECKPOINT_FIELD]: 1 });
    await space.collection(CHECKPOINTS).insertOne({ _id: separateId as never, version: 2, eventId: randomUUID(), occurredAt: new Date() });
    assert.equal(await waiting, true, 'the greater of the two');
  });

  it('waits polling the store at the same time share one query, each answered for its own positions', async () => {
    const checkpoints = new Checkpoints(space);
    const ids = Array.from({ length: 40 }, () => randomUUID());
    await space.collection(CHECKPOINTS).insertMany(ids.filter((_, i) => i % 2 === 0).map((id) => ({ _id: id as never, version: 3, eventId: randomUUID(), occurredAt: new Date() })));
    let finds = 0;
    const count = ({ commandName, command }: { commandName: string; command: Record<string, unknown> }) => {
      if (commandName === 'find' && command.find === checkpoints.collection.collectionName) finds += 1;
    };
    mongo.on('commandStarted', count);
    try {
      const answers = await Promise.all(ids.map((id) => checkpoints.waitFor([{ aggregateId: id, aggregateVersion: 3 }], 0)));
      assert.deepEqual(answers, ids.map((_, i) => i % 2 === 0));
    } finally {
      mongo.off('commandStarted', count);
    }
    assert.equal(finds, 1, 'forty waits started together cost one query');
  });

  it('answers CONSISTENCY_TIMEOUT when the token names a version nobody applied', async () => {
    const token = encodeConsistencyToken([{ aggregateId: randomUUID(), aggregateVersion: 1 }]);
    await assert.rejects(awaitConsistency(token, space, 30), (error: unknown) => error instanceof ProblemError && error.code === 'CONSISTENCY_TIMEOUT');
  });
});
