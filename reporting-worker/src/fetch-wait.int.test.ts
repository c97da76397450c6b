import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventCodec, TOPICS } from '@inventory/contracts';
import { startService, storeWritesOf } from '@inventory/platform';
import { waitUntilCaughtUp } from '@inventory/projection';
import { createPrivateTopics, deleteTopics, publishEvents } from '@inventory/projection/testing';
import { useInfra } from '@inventory/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { EventLog, newCatalog } from './testing/scenario.js';
import { reportingWorker } from './worker.js';

const MOVES = 12;
/** Longer than a unit of work takes on a quiet store, so a worker that does not wait applies each move alone. */
const TRICKLE_MS = 200;

/** What the worker wrote for the trickled moves, per collection (base name). */
type Writes = Record<string, number>;

/**
 * The documents the worker writes for MOVES moves of one item published one by one, TRICKLE_MS
 * apart, with the broker holding its fetches up to `fetchWaitMs` (the sweeper kept out of the
 * way, so only the units of work write).
 */
async function writesOfTrickle(fetchWaitMs: number): Promise<Writes> {
  const { env } = await useInfra();
  const kafka = new Kafka({ clientId: 'fetch-wait-test', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true });
  await Promise.all([admin.connect(), producer.connect()]);
  const codec = new EventCodec(env.SCHEMA_REGISTRY_URL);
  const topics = await createPrivateTopics(admin);
  const projectionName = `reports_${randomUUID().slice(0, 8)}`;
  const database = `reports_wait_${randomUUID().slice(0, 8)}`;
  const workerEnv = { ...env, REPORTING_WORKER_PORT: '0', LOG_LEVEL: 'silent', REPORTS_FETCH_WAIT_MS: String(fetchWaitMs), REPORTS_SWEEP_INTERVAL_MS: '60000' };
  const service = await startService(reportingWorker({ database, topicNames: topics, projectionName }, workerEnv), workerEnv);
  const caughtUp = () => waitUntilCaughtUp(admin, `${projectionName}.g1`, [TOPICS.catalog, TOPICS.locations, TOPICS.items].map((topic) => topics[topic]), { timeoutMs: 60_000 });
  const writes = async (): Promise<Writes> => Object.fromEntries(Object.entries(await storeWritesOf(service.context.metrics.registry)).map(([collection, n]) => [collection.slice(projectionName.length + 1), n]));
  try {
    const { catalog, events } = newCatalog();
    const log = new EventLog(randomUUID(), Date.now());
    const [from, to, itemId] = [log.newId(), log.newId(), log.newId()];
    for (const [n, locationId] of [from, to].entries()) log.emit('LocationCreated', locationId, { locationId, code: `W${n}`, name: `bin ${n}`, locationTypeId: catalog.locationTypeIds[0]!, parentLocationId: null });
    log.emit('ItemRegistered', itemId, { itemId, itemTypeId: catalog.itemTypeIds[0]!, kind: 'PARENT', name: 'crate', serialNumber: null, barcode: null, attributes: {}, locationId: from });
    await publishEvents(producer, codec, topics, [...events, ...log.events]);
    await caughtUp();
    const before = await writes();
    for (let move = 0; move < MOVES; move++) {
      const [leaves, enters] = move % 2 === 0 ? [from, to] : [to, from];
      log.now = Date.now();
      await publishEvents(producer, codec, topics, [log.emit('ItemMoved', itemId, { itemId, fromLocationId: leaves, toLocationId: enters, reason: null, movedChildIds: [] })]);
      await new Promise((resolve) => setTimeout(resolve, TRICKLE_MS));
    }
    await caughtUp();
    const after = await writes();
    return Object.fromEntries(Object.entries(after).map(([collection, n]) => [collection, n - (before[collection] ?? 0)]));
  } finally {
    await service.stop();
    await deleteTopics(admin, topics);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    const client = await MongoClient.connect(env.MONGODB_URI);
    await client.db(database).dropDatabase();
    await client.close();
  }
}

describe('the reporting worker gathers the events of a fetch wait into one unit of work (REPORTS_FETCH_WAIT_MS; real Kafka, registry and store)', function () {
  this.timeout(240_000);

  it('moves trickling in share their time buckets\' writes when the broker holds the fetch, and write their own when it answers at once; an item\'s checkpoint rides in its document', async () => {
    const immediate = await writesOfTrickle(0);
    const waited = await writesOfTrickle(1000);
    // A unit of work folding one move writes its 6 buckets (day, hour, ten minutes; all types and its type).
    assert.ok((waited.movements ?? 0) * 2 <= (immediate.movements ?? 0), JSON.stringify({ immediate, waited, moves: MOVES }));
    // The item's document is written by each unit anyway; its checkpoint needs no document of its own.
    assert.deepEqual([immediate.checkpoints ?? 0, waited.checkpoints ?? 0], [0, 0], JSON.stringify({ immediate, waited }));
  });
});
