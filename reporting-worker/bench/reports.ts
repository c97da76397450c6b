/**
 * Reports benchmark: seeds report collections directly (a fast generator, through the same
 * aggregation rule the worker uses), then measures each report's latency over HTTP, and the
 * worker's aggregation throughput on real Kafka. Run: `npx tsx --conditions=source reporting-worker/bench/reports.ts`
 * with KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGODB_URI set. Sizes: BENCH_ITEMS, BENCH_MOVES, BENCH_LOCATIONS.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { EventCodec, TOPICS, type InventoryEvent } from '@inventory/contracts';
import { startService } from '@inventory/platform';
import { ReadModelSpace, waitUntilCaughtUp } from '@inventory/projection';
import { createPrivateTopics, deleteTopics, publishEvents } from '@inventory/projection/testing';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { mergeByDocument, reportDelta } from '../src/aggregation/report-delta.js';
import { reportCollections } from '../src/aggregation/store.js';
import { reportingWorker } from '../src/worker.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const MOVES = Number(process.env.BENCH_MOVES ?? 200_000);
const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 500);
const ITEM_TYPES = 10;
const DAYS = 30;
const START = Date.UTC(2025, 0, 1);
const env = { KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7', MONGODB_URI: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/' };
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

async function seed(mongo: MongoClient, database: string, projectionName: string): Promise<{ locationIds: string[]; itemTypeIds: string[] }> {
  const collections = reportCollections(new ReadModelSpace(mongo.db(database), projectionName, 1));
  const itemTypeIds = Array.from({ length: ITEM_TYPES }, () => randomUUID());
  const locationTypeIds = Array.from({ length: 4 }, () => randomUUID());
  const locationIds = Array.from({ length: LOCATIONS }, () => randomUUID());
  await collections.catalogTypes.insertMany([...itemTypeIds.map((_id) => ({ _id, kind: 'itemType' as const, name: 't', removed: false })), ...locationTypeIds.map((_id) => ({ _id, kind: 'locationType' as const, name: 'l', removed: false }))]);
  // A tree: each location under one of the earlier ones, items spread evenly.
  await collections.locations.insertMany(locationIds.map((_id, n) => ({
    _id, code: `L${n}`, name: `Location ${n}`, locationTypeId: locationTypeIds[n % 4]!, parentLocationId: n === 0 ? null : locationIds[Math.floor(Math.random() * n)]!, active: true, deleted: false,
    itemCount: ITEMS / LOCATIONS, byItemType: Object.fromEntries(itemTypeIds.map((t) => [t, ITEMS / LOCATIONS / ITEM_TYPES])),
  })));
  // Moves through the same rule as the worker, summed in memory, written as whole bucket documents.
  const buckets = new Map<string, Record<string, number>>();
  const log = [];
  for (let n = 0; n < MOVES; n++) {
    const at = START + Math.floor((n / MOVES) * DAYS * 86_400_000);
    const [from, to] = [pick(locationIds), pick(locationIds)];
    const metadata = { eventId: randomUUID(), eventType: 'ItemMoved', aggregateId: 'i', aggregateVersion: 2, occurredAt: at, actorId: 'a', correlationId: 'c', causationId: null };
    const delta = reportDelta({ type: 'ItemMoved', metadata, data: { itemId: 'i', fromLocationId: from, toLocationId: to, reason: null, movedChildIds: [] } } as InventoryEvent, { itemTypeId: pick(itemTypeIds), arrivedAt: at - 3_600_000 });
    for (const { collection, id, inc } of mergeByDocument(delta.increments)) if (collection === 'movements') buckets.set(id, mergeByDocument([{ collection, id, inc: { ...buckets.get(id) } }, { collection, id, inc }])[0]!.inc);
    const { at: when, ...move } = delta.move!;
    log.push({ _id: metadata.eventId, at: new Date(when), ...move });
  }
  const nested = (flat: Record<string, number>) => {
    const doc: Record<string, unknown> = {};
    for (const [path, n] of Object.entries(flat)) {
      const keys = path.split('.');
      let at = doc;
      for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
      at[keys.at(-1)!] = n;
    }
    return doc;
  };
  const docs = [...buckets].map(([_id, flat]) => ({ _id, ...nested(flat) }));
  for (let i = 0; i < docs.length; i += 1000) await collections.movements.insertMany(docs.slice(i, i + 1000));
  for (let i = 0; i < log.length; i += 5000) await collections.moves.insertMany(log.slice(i, i + 5000));
  await collections.moves.createIndex({ at: 1 });
  return { locationIds, itemTypeIds };
}

async function latency(url: string, runs: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let n = 0; n < runs; n++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs * 0.5)]!, p99: times[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

async function throughput(kafka: Kafka, database: string): Promise<number> {
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true });
  await Promise.all([admin.connect(), producer.connect()]);
  const topics = await createPrivateTopics(admin);
  const projectionName = `bench_${randomUUID().slice(0, 8)}`;
  const service = await startService(reportingWorker({ database, topicNames: topics, projectionName }), { ...env, REPORTING_WORKER_PORT: '0', LOG_LEVEL: 'silent' });
  const locations = Array.from({ length: 20 }, () => randomUUID());
  const events: InventoryEvent[] = [];
  const meta = (aggregateId: string, aggregateVersion: number, eventType: string, occurredAt: number) => ({ eventId: randomUUID(), eventType, aggregateId, aggregateVersion, occurredAt, actorId: 'a', correlationId: 'c', causationId: null });
  for (let n = 0; n < 500; n++) {
    const itemId = randomUUID();
    let at = locations[0]!;
    events.push({ type: 'ItemRegistered', metadata: meta(itemId, 1, 'ItemRegistered', START), data: { itemId, itemTypeId: locations[1]!, kind: 'PARENT', name: 'n', serialNumber: null, barcode: null, attributes: {}, locationId: at } });
    for (let v = 2; v <= 6; v++) {
      const to = pick(locations.filter((l) => l !== at));
      events.push({ type: 'ItemMoved', metadata: meta(itemId, v, 'ItemMoved', START + v * 60_000), data: { itemId, fromLocationId: at, toLocationId: to, reason: null, movedChildIds: [] } });
      at = to;
    }
  }
  const started = Date.now();
  await publishEvents(producer, new EventCodec(env.SCHEMA_REGISTRY_URL), topics, events);
  await waitUntilCaughtUp(admin, `${projectionName}.g1`, [topics[TOPICS.items]], { timeoutMs: 600_000 });
  const rate = events.length / ((Date.now() - started) / 1000);
  await service.stop();
  await deleteTopics(admin, topics);
  await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
  return rate;
}

const mongo = await MongoClient.connect(env.MONGODB_URI);
const database = `reports_bench_${randomUUID().slice(0, 8)}`;
const projectionName = 'reports';
try {
  const seedStarted = Date.now();
  const { itemTypeIds } = await seed(mongo, database, projectionName);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const kafka = new Kafka({ clientId: 'reports-bench', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  // The worker reading the seeded collections follows private, empty topics: nothing changes under the measurement.
  const admin = kafka.admin();
  await admin.connect();
  const idleTopics = await createPrivateTopics(admin);
  const service = await startService(reportingWorker({ database, projectionName, topicNames: idleTopics }), { ...env, REPORTING_WORKER_PORT: '0', LOG_LEVEL: 'silent' });
  const base = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}/api/v1/reports`;
  const day = (d: number) => new Date(START + d * 86_400_000).toISOString();
  const cases: [string, string][] = [
    ['inventory-status', `${base}/inventory-status`],
    ['counts', `${base}/counts`],
    ['movements, 30 days by day', `${base}/movements?from=${day(0)}&to=${day(30)}`],
    ['movements, 7 days by location, unaligned bounds', `${base}/movements?from=${new Date(START + 86_400_000 + 1234567).toISOString()}&to=${new Date(START + 8 * 86_400_000 + 7654321).toISOString()}&groupBy=location`],
    ['movements, 30 days one item type', `${base}/movements?from=${day(0)}&to=${day(30)}&itemType=${itemTypeIds[0]}&groupBy=itemType`],
    ['inventory-status CSV', `${base}/inventory-status?format=csv`],
  ];
  const rows = [];
  for (const [name, url] of cases) {
    await latency(url, 3);
    const { p50, p99 } = await latency(url, Number(process.env.BENCH_RUNS ?? 100));
    rows.push(`| ${name} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |`);
  }
  await service.stop();
  await deleteTopics(admin, idleTopics);
  await admin.disconnect();
  const rate = await throughput(kafka, `${database}_throughput`);
  process.stdout.write([
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
    `Seeded: ${ITEMS} items over ${LOCATIONS} locations × ${ITEM_TYPES} item types, ${MOVES} moves over ${DAYS} days (seed ${seedSeconds.toFixed(0)} s)`,
    '', '| report | p50 ms | p99 ms |', '|---|---|---|', ...rows, '',
    `Aggregation throughput (real Kafka → worker → store, 3,000 events: 500 registrations, 2,500 moves): ${rate.toFixed(0)} events/s`, '',
  ].join('\n'));
} finally {
  await mongo.db(database).dropDatabase().catch(() => undefined);
  await mongo.db(`${database}_throughput`).dropDatabase().catch(() => undefined);
  await mongo.close();
}
process.exit(0);
