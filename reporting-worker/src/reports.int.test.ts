import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { EventCodec, TOPICS, type CountsReport, type InventoryStatusReport, type MovementsReport } from '@inventory/contracts';
import { internalAuthHeaders, startService, type RunningService } from '@inventory/platform';
import { REVISION_FIELD, ReadModelSpace, applyEvent, waitUntilCaughtUp, type TopicNames } from '@inventory/projection';
import { createPrivateTopics, deleteTopics, publishEvents } from '@inventory/projection/testing';
import { useInfra } from '@inventory/testkit';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import type { ChangedLocationsDoc } from './locations/changed-locations.js';
import { foldChangedLocations } from './locations/snapshot-fold.js';
import { compactMoveLogs, compactMovementBuckets } from './movements/compaction.js';
import { reportsProjection } from './reports-projection.js';
import { reportCollections } from './shared/collections.js';
import { buildInventoryStatus } from './inventory-status/build.js';
import { byItemTypeCell } from './inventory-status/route.js';
import { readLocations } from './locations/read-locations.js';
import { readMovementTotals } from './movements/read-totals.js';
import { expectedCountsByLocation, expectedCountsByTypes } from './testing/expected.js';
import { newCatalog, scenarioArbitrary, type Scenario } from './testing/scenario.js';
import { reportingWorker } from './worker.js';

const RUNS = 100;
/** The histories differ per run; the seed is in the suite's title so a failure can be replayed (FC_SEED). */
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

describe(`reporting worker against real Kafka, schema registry and document store (seed ${SEED})`, function () {
  this.timeout(600_000);
  let admin: Admin;
  let producer: Producer;
  let codec: EventCodec;
  let topics: TopicNames;
  let service: RunningService;
  let baseUrl: string;
  let mongo: MongoClient;
  const projectionName = `reports_${randomUUID().slice(0, 8)}`;
  const database = `reports_test_${randomUUID().slice(0, 8)}`;
  // The histories share one catalog (their world is the union of them all): 4 type events instead of 400.
  const shared = newCatalog();
  const scenarios = fc.sample(scenarioArbitrary(25, shared.catalog), { numRuns: RUNS, seed: SEED });
  const allEvents = [...shared.events, ...scenarios.flatMap((scenario) => scenario.events)];

  const catchUp = async (): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await waitUntilCaughtUp(admin, `${projectionName}.g1`, [TOPICS.catalog, TOPICS.locations, TOPICS.items].map((topic) => topics[topic]), { timeoutMs: 300_000 });
      } catch (error) {
        // A busy shared broker may not have the new group's coordinator yet.
        if (attempt === 10 || (error as Error).name !== 'KafkaJSGroupCoordinatorNotFound') throw error;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  };
  const get = async (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${baseUrl}${path}`, { headers: { ...internalAuthHeaders(service.context.config.INTERNAL_AUTH_TOKEN), ...headers } });
  const json = async <T>(path: string): Promise<T> => {
    const response = await get(path);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as T;
  };

  before(async () => {
    const { env } = await useInfra();
    const kafka = new Kafka({ clientId: 'reports-test', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: true });
    await Promise.all([admin.connect(), producer.connect()]);
    codec = new EventCodec(env.SCHEMA_REGISTRY_URL);
    mongo = await MongoClient.connect(env.MONGODB_URI);
    topics = await createPrivateTopics(admin);
    service = await startService(reportingWorker({ database, topicNames: topics, projectionName }), { ...env, REPORTING_WORKER_PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    baseUrl = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}/api/v1`;
    // One Kafka round for every run: per-aggregate order holds, aggregates interleave across partitions.
    await publishEvents(producer, codec, topics, allEvents);
    await catchUp();
  });

  after(async () => {
    await service?.stop();
    await deleteTopics(admin, topics);
    await mongo.db(database).dropDatabase();
    await Promise.allSettled([admin.disconnect(), producer.disconnect(), mongo.close()]);
  });

  /** Property 6 against the reports as they are now (live, partly or wholly compacted). */
  const checkInventoryAndCounts = async (): Promise<void> => {
    const status = await json<InventoryStatusReport>('/reports/inventory-status');
    const rows = new Map(status.locations.map((row) => [row.locationId, row]));
    const counts = await json<CountsReport>('/reports/counts');
    const countRows = new Map(counts.rows.map((row) => [`${row.itemTypeId}|${row.locationTypeId}`, row.itemCount]));
    for (const scenario of scenarios) {
      const expected = expectedCountsByLocation(scenario);
      for (const [locationId, location] of scenario.locations) {
        const row = rows.get(locationId)!;
        const byType = expected.get(locationId) ?? new Map<string, number>();
        assert.deepEqual(row.byItemType, [...byType].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)).map(([itemTypeId, itemCount]) => ({ itemTypeId, itemCount })));
        assert.equal(row.totalItemCount, subtreeTotal(scenario, locationId, expected));
        assert.equal(row.parentLocationId, location.parentLocationId);
      }
    }
    const expectedByTypes = new Map<string, number>();
    for (const [pair, n] of scenarios.flatMap((scenario) => [...expectedCountsByTypes(scenario)])) expectedByTypes.set(pair, (expectedByTypes.get(pair) ?? 0) + n);
    for (const itemTypeId of shared.catalog.itemTypeIds) {
      for (const locationTypeId of shared.catalog.locationTypeIds) {
        const pair = `${itemTypeId}|${locationTypeId}`;
        assert.equal(countRows.get(pair) ?? 0, expectedByTypes.get(pair) ?? 0, pair);
      }
    }
  };

  /** Property 7 against the reports as they are now. */
  const checkMovementRanges = async (): Promise<void> => {
    const typeOfItem = new Map(allEvents.flatMap((e) => (e.type === 'ItemRegistered' ? [[e.data.itemId, e.data.itemTypeId] as const] : [])));
    const allMoves = scenarios.flatMap((scenario) => scenario.moves);
    const ranges = fc.sample(fc.tuple(fc.constantFrom(...scenarios.filter((s) => s.moves.length > 0)), fc.nat(), fc.nat(), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), fc.constantFrom(...shared.catalog.itemTypeIds)), RUNS);
    for (const [scenario, a, b, nudgeFrom, nudgeTo, itemType] of ranges) {
      // Bounds on or next to actual move times, so inclusive/exclusive edges are exercised.
      const times = scenario.moves.map((move) => move.metadata.occurredAt);
      const from = times[a % times.length]! + nudgeFrom;
      const to = Math.max(from + 1, times[b % times.length]! + nudgeTo);
      // Histories overlap in time: the reference is every move of the world in the range.
      const inRange = allMoves.filter((move) => from <= move.metadata.occurredAt && move.metadata.occurredAt < to && typeOfItem.get(move.data.itemId) === itemType);
      const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&itemType=${itemType}&groupBy=location&top=100`;
      const report = await json<MovementsReport>(`/reports/movements?${query}`);
      assert.equal(report.totalMoves, inRange.length, query);
      const expectedIn = new Map<string, number>();
      for (const move of inRange) expectedIn.set(move.data.toLocationId, (expectedIn.get(move.data.toLocationId) ?? 0) + 1);
      assert.deepEqual(new Map(report.buckets.filter((bucket) => bucket.movesIn).map((bucket) => [bucket.key, bucket.movesIn])), expectedIn);
    }
  };

  // Right after catching up, the sweeper has compacted some documents and not others: packed and live parts are read together.
  it(`property 6: inventory status and counts equal the reference model's, for ${RUNS} generated histories`, checkInventoryAndCounts);

  it(`property 7: a movements report counts exactly the moves in [from, to), for ${RUNS} ranges`, checkMovementRanges);

  it('CSV parsed back equals the JSON of each report', async () => {
    const scenario = scenarios.find((s) => s.moves.length > 0)!;
    const range = `from=${new Date(scenario.moves[0]!.metadata.occurredAt).toISOString()}&to=${new Date(scenario.moves.at(-1)!.metadata.occurredAt + 1).toISOString()}`;
    const csvOf = async (path: string, viaQuery: boolean): Promise<Record<string, string>[]> => {
      const response = viaQuery ? await get(`${path}${path.includes('?') ? '&' : '?'}format=csv`) : await get(path, { accept: 'text/csv' });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
      assert.ok(response.headers.get('x-report-generated-at'));
      return parse(await response.text(), { columns: true }) as Record<string, string>[];
    };
    const status = await json<InventoryStatusReport>('/reports/inventory-status');
    assert.deepEqual(await csvOf('/reports/inventory-status', false), status.locations.map((row) => ({
      locationId: row.locationId, code: row.code, name: row.name, parentLocationId: row.parentLocationId ?? '', depth: String(row.depth),
      itemCount: String(row.itemCount), totalItemCount: String(row.totalItemCount), byItemType: byItemTypeCell(row.byItemType),
    })));
    const counts = await json<CountsReport>('/reports/counts');
    assert.deepEqual(await csvOf('/reports/counts', true), counts.rows.map((row) => ({ itemTypeId: row.itemTypeId, locationTypeId: row.locationTypeId, itemCount: String(row.itemCount) })));
    const movements = await json<MovementsReport>(`/reports/movements?${range}&groupBy=day`);
    const buckets = (await csvOf(`/reports/movements?${range}&groupBy=day`, false)).filter((row) => row.section === 'bucket');
    assert.deepEqual(buckets.map((row) => ({ key: row.key, moves: Number(row.moves) })), movements.buckets);
    assert.ok(movements.totalMoves > 0);
  });

  it('a movements range whose `to` equals its `from` is the empty range: an empty report, not an error', async () => {
    const at = new Date(Math.max(...allEvents.map((e) => e.metadata.occurredAt))).toISOString();
    const empty = await json<MovementsReport>(`/reports/movements?from=${at}&to=${at}&groupBy=day`);
    assert.deepEqual([empty.totalMoves, empty.buckets, empty.busiestLocations], [0, [], []]);
  });

  it('every report carries its parameters, generation time and the last applied event', async () => {
    const { metadata } = await json<CountsReport>('/reports/counts');
    const newest = Math.max(...allEvents.map((e) => e.metadata.occurredAt));
    assert.equal(metadata.freshness.lastEvent?.occurredAt, new Date(newest).toISOString());
    assert.deepEqual(metadata.parameters, {});
    assert.ok(Date.now() - Date.parse(metadata.generatedAt) < 60_000);
  });

  it('bad parameters get a problem+json with a catalog code and nothing partial', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['/reports/movements?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z', {}, 400, 'VALIDATION_FAILED'],
      ['/reports/movements?from=yesterday&to=2024-01-01T00:00:00Z', {}, 400, 'VALIDATION_FAILED'],
      ['/reports/movements?from=2023-01-01T00:00:00Z&to=2024-06-01T00:00:00Z', {}, 400, 'VALIDATION_FAILED'],
      ['/reports/movements?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&groupBy=week', {}, 400, 'VALIDATION_FAILED'],
      ['/reports/movements?to=2024-02-01T00:00:00Z', {}, 400, 'VALIDATION_FAILED'],
      [`/reports/movements?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&itemType=${randomUUID()}`, {}, 404, 'ITEM_TYPE_NOT_FOUND'],
      [`/reports/counts?locationType=${randomUUID()}`, {}, 404, 'LOCATION_TYPE_NOT_FOUND'],
      [`/reports/counts?itemType=${scenarios[0]!.locationTypeIds[0]}`, {}, 404, 'ITEM_TYPE_NOT_FOUND'],
      [`/reports/inventory-status?rootId=${randomUUID()}`, {}, 404, 'LOCATION_NOT_FOUND'],
      ['/reports/inventory-status?rootId=not-a-uuid', {}, 400, 'VALIDATION_FAILED'],
      ['/reports/inventory-status?format=xml', {}, 400, 'VALIDATION_FAILED'],
      ['/reports/counts', { accept: 'application/xml' }, 406, 'NOT_ACCEPTABLE'],
    ];
    for (const [path, headers, status, code] of cases) {
      const response = await get(path, headers);
      assert.equal(response.status, status, path);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, path);
      assert.equal(((await response.json()) as { code: string }).code, code, path);
    }
  });

  it('a subtree report rolls up from the given root only', async () => {
    const scenario = scenarios[0]!;
    const rootId = [...scenario.locations.keys()][0]!;
    const { locations } = await json<InventoryStatusReport>(`/reports/inventory-status?rootId=${rootId}`);
    assert.equal(locations[0]!.locationId, rootId);
    assert.equal(locations[0]!.depth, 0);
    assert.equal(locations[0]!.totalItemCount, subtreeTotal(scenario, rootId, expectedCountsByLocation(scenario)));
  });

  it('the sweeper removes every applied-event marker once the checkpoints have passed its event', async () => {
    const collections = reportCollections(new ReadModelSpace(mongo.db(database), projectionName, 1));
    const marked = async () => (await Promise.all([collections.locations, collections.movements, collections.moveLog, collections.items].map(async (collection) =>
      (await collection.find({}, { projection: { applied: 1 } }).toArray()).filter(({ applied }) => (applied?.length ?? 0) > 0).length))).reduce((a, b) => a + b, 0);
    // A note goes once all its events were swept (a note the runner wrote to meanwhile in a later round).
    const deadline = Date.now() + 120_000;
    while (((await marked()) > 0 || (await collections.sweeps.countDocuments()) > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await marked(), 0);
    assert.equal(await collections.sweeps.countDocuments(), 0);
  });

  it('once everything is compacted (buckets and minute logs packed, the location snapshot current), properties 6 and 7 still hold', async () => {
    // The sweeper test above waited for every note, and a note is deleted only after its buckets and logs were compacted.
    const collections = reportCollections(new ReadModelSpace(mongo.db(database), projectionName, 1));
    const liveBuckets = await collections.movements.countDocuments({ $or: ['byType', 'in', 'out', 'dwellMs'].map((field) => ({ [field]: { $exists: true } })) });
    const liveLogs = await collections.moveLog.countDocuments({ moves: { $exists: true } });
    assert.deepEqual([liveBuckets, liveLogs], [0, 0]);
    assert.ok((await collections.movements.countDocuments({ packed: { $exists: true } })) > 0);
    // Changed locations are folded by the next round of the sweeper.
    const changedLocations = async () => ((await collections.packed.findOne({ _id: 'changed-locations' })) as ChangedLocationsDoc | null)?.ids.length;
    const deadline = Date.now() + 120_000;
    while ((await changedLocations()) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await changedLocations(), 0);
    assert.ok(await collections.packed.findOne({ _id: 'locations' }));
    await checkInventoryAndCounts();
    await checkMovementRanges();
    // Clearing the note's changes left the freshness it carries.
    const { metadata } = await json<CountsReport>('/reports/counts');
    assert.equal(metadata.freshness.lastEvent?.occurredAt, new Date(Math.max(...allEvents.map((e) => e.metadata.occurredAt))).toISOString());
  });

  it('compacting halfway through a history changes no report: later events land next to the packed parts', async () => {
    const histories = scenarios.filter(({ moves }) => moves.length > 0).slice(0, 2);
    const events = histories.flatMap((scenario) => scenario.events);
    const [compacted, uncompacted] = ['compacted', 'uncompacted'].map((suffix) => new ReadModelSpace(mongo.db(database), `${projectionName}_${suffix}`, 1)) as [ReadModelSpace, ReadModelSpace];
    const projection = reportsProjection(`${projectionName}_compacted`);
    const applyTo = async (slice: typeof events) => {
      for (const event of slice) for (const space of [compacted, uncompacted]) await applyEvent(projection, event, space);
    };
    // Split between the first and the last move, so both halves hold a move whatever the seed generated.
    const moveIndexes = events.flatMap((event, index) => (event.type === 'ItemMoved' ? [index] : []));
    const split = Math.min(Math.max(Math.floor(events.length / 2), moveIndexes[0]! + 1), moveIndexes.at(-1)!);
    await applyTo(events.slice(0, split));
    const collections = reportCollections(compacted);
    const idsOf = async (collection: typeof collections.movements | typeof collections.moveLog) => (await collection.find({}, { projection: { _id: 1 } }).toArray()).map(({ _id }) => _id);
    await compactMovementBuckets(collections, await idsOf(collections.movements));
    await compactMoveLogs(collections, await idsOf(collections.moveLog));
    await foldChangedLocations(collections);
    assert.ok((await collections.movements.countDocuments({ packed: { $exists: true } })) > 0);
    await applyTo(events.slice(split));
    const times = histories.flatMap(({ moves }) => moves.map((move) => move.metadata.occurredAt));
    const [from, to] = [Math.min(...times), Math.max(...times) + 1];
    for (const [start, end] of [[from, to], [from + 1, to - 1], [from, Math.floor((from + to) / 2)]] as const) {
      const [left, right] = await Promise.all([compacted, uncompacted].map(async (space) => readMovementTotals(reportCollections(space), start, end, undefined)));
      assert.deepEqual(left, right);
    }
    const [left, right] = await Promise.all([compacted, uncompacted].map(async (space) => buildInventoryStatus(await readLocations(reportCollections(space)), {})));
    assert.deepEqual(left, right);
    assert.ok(left!.some(({ itemCount }) => itemCount > 0));
  });

  it('events delivered twice change nothing: redelivered on Kafka, and applied twice past the runner', async () => {
    const before = await Promise.all(['/reports/inventory-status', '/reports/counts'].map((path) => json<{ metadata: unknown }>(path)));
    await publishEvents(producer, codec, topics, scenarios.slice(0, 20).flatMap((scenario) => scenario.events));
    await catchUp();
    const after = await Promise.all(['/reports/inventory-status', '/reports/counts'].map((path) => json<{ metadata: unknown }>(path)));
    assert.deepEqual(after.map(({ metadata: _, ...report }) => report), before.map(({ metadata: _, ...report }) => report));

    // Past the runner's version check, as after a crash between the writes and the checkpoint. What must not
    // change is the reports' content: `applied` markers and the unit of work's write revision are bookkeeping.
    const space = new ReadModelSpace(mongo.db(database), `${projectionName}_twice`, 1);
    const projection = reportsProjection(`${projectionName}_twice`);
    await projection.setup(space);
    const snapshot = async () => Promise.all(['locations', 'movements', 'move_log', 'items'].map(async (name) =>
      (await space.collection(name).find({}, { projection: { applied: 0, [REVISION_FIELD]: 0 } }).sort({ _id: 1 }).toArray())));
    for (const event of scenarios[1]!.events) await applyEvent(projection, event, space);
    const once = await snapshot();
    for (const event of scenarios[1]!.events) await applyEvent(projection, event, space);
    assert.deepEqual(await snapshot(), once);
    assert.ok((await reportCollections(space).locations.countDocuments()) > 0);
  });
});

function subtreeTotal(scenario: Scenario, locationId: string, counts: Map<string, Map<string, number>>): number {
  const own = [...(counts.get(locationId)?.values() ?? [])].reduce((a, b) => a + b, 0);
  return own + [...scenario.locations].filter(([, l]) => l.parentLocationId === locationId).reduce((sum, [id]) => sum + subtreeTotal(scenario, id, counts), 0);
}
