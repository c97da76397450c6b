/**
 * Load benchmark (`npm run bench -- load`): a mixed workload through the gateway (70 % lookups,
 * 25 % moves and assignments, 5 % reports) at rising concurrency until the p99 passes 1 s, on the
 * whole stack (npm start's launcher on the run's own Kafka, registry and document store) seeded to
 * BENCH_LOAD_ITEMS items and BENCH_LOAD_MOVES moves (defaults: 1 M and 10 M). Seeding writes
 * straight into the stores with each service's own document builders (the command write model,
 * the query read models with every move's timeline row, the reports as their generator packs
 * them), since 10 M moves through the API would take days on the local store. Records per step
 * throughput, p50/p99/p99.9 per endpoint, projection lag as a client sees it, errors and the CPU
 * each part of the stack used, and draws the latency-against-throughput chart next to
 * docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadModelSpace, activeGeneration } from '@inventory/projection';
import { stopStack, useInfra, useStack } from '@inventory/testkit';
import cliProgress from 'cli-progress';
import { MongoClient } from 'mongodb';
import { benchmarksFile, writeSection } from '../../bench/markdown-report.js';
import { seedItems } from '../../command-service/src/seeding/seed-items.js';
import { writeModelOf } from '../../command-service/src/store/documents.js';
import { queryProjection } from '../../query-service/src/projection.js';
import { histories, type ItemHistory } from '../../query-service/src/seeding/registrations.js';
import { seedHistories } from '../../query-service/src/seeding/seed-store.js';
import { PROJECTION_NAME, reportCollections } from '../../reporting-worker/src/shared/collections.js';
import { seedReports } from '../../reporting-worker/bench/seed-reports.js';
import { buildLoadCatalog } from '../src/load/catalog.js';
import { coresBetween, machineBusySeconds, readCpu, type CpuReading, type Part } from '../src/load/cpu-share.js';
import type { LoadTargets, StepResult } from '../src/load/driver.js';
import { latencyChart } from '../src/load/chart.js';
import { runLoad } from '../src/load/load-run.js';
import { eventually, loggedIn } from '../src/load/session.js';
import { OPERATIONS, WITHOUT_SEARCH, type Mix } from '../src/load/mix.js';
import { kneeOf, type StepPlan } from '../src/load/steps.js';

export const title = 'Load: mixed workload through the gateway at rising concurrency';

const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const SIZE = {
  items: setting('BENCH_LOAD_ITEMS', 1_000_000),
  moves: setting('BENCH_LOAD_MOVES', 10_000_000),
  perLocation: setting('BENCH_LOAD_PER_LOCATION', 1000),
  /** The workload's own parent-child pairs (moves and assignments) and the bins they move between. */
  pairs: setting('BENCH_LOAD_PAIRS', 256),
  bins: setting('BENCH_LOAD_BINS', 20),
  stepSeconds: setting('BENCH_LOAD_STEP_SECONDS', 60),
  startClients: setting('BENCH_LOAD_START_CLIENTS', 1),
  maxClients: setting('BENCH_LOAD_MAX_CLIENTS', 256),
  seed: setting('BENCH_LOAD_SEED', 16),
  /** Seeding stops after this long with what it has written (0: no limit); the report names the size reached. */
  seedMinutes: setting('BENCH_LOAD_SEED_MINUTES', 0),
};
const PLAN: StepPlan = { start: SIZE.startClients, max: SIZE.maxClients, p99LimitMs: 1000 };
/** Items per chunk handed to the command and query seeders side by side. */
const CHUNK = 20_000;
const REPORTS_START = Date.UTC(2025, 0, 1);

interface Series {
  name: string;
  /** For the chart's title. */
  short: string;
  mix: Mix;
  plan: StepPlan;
  chart: string;
  steps: StepResult[];
  cpu: [Part, number][][];
  /** Cores the whole machine was busy per step (ours and everything else on it). */
  machine: number[];
  loads: number[];
}

/** Without search first: the scans the issue's mix sends keep the store busy for a while after their requests time out. */
const SERIES: Omit<Series, 'steps' | 'cpu' | 'machine' | 'loads'>[] = [
  { name: 'without item search (its 10 % to where-is)', short: 'without item search', mix: WITHOUT_SEARCH, plan: PLAN, chart: 'load-latency-without-search.svg' },
  { name: 'the issue\'s mix (with item search by serial number)', short: 'the issue\'s mix', mix: OPERATIONS, plan: { ...PLAN, minSteps: setting('BENCH_LOAD_MIN_STEPS', 3) }, chart: 'load-latency.svg' },
];

/** What the run of 2026-12-04 showed (profile: CPU per process from /proc, per step); kept beside each new run's figures. */
const WHERE_THE_TIME_GOES = `Where the time goes (run of 2026-12-04, 560,000 items and 5.6 M moves, the machine at load 19-56): the machine's 2 cores were busy all the time (1.93-2.00 cores), mostly with other work; the whole stack got ~0.7 of a core, and of that **the document store** (FerretDB on SQLite) used more than half at every step (0.33-0.43 cores), the query service and the gateway ~0.1 each, the reporting worker and the command service ~0.05 each, the driver itself under 0.06. Without item search the knee is at 2 clients (29 requests/s, p99 0.4 s); at 4 clients throughput fell (23 requests/s) and the p99 passed 1 s: requests queue for the store's share of a saturated CPU, and the endpoints with the most store round trips grow first (a move: reads, a reservation, the conditional commit, the settle and the relay's pull; what-is-at: the contents buckets, then the page's 51 items by \`_id: {$in}\`; both p99 ~1.2-1.7 s at 4 clients, where-is 0.5 s). With the issue's mix each item search by serial number reads every item: FerretDB v1 scans for any filter but \`_id\` (docs/store-profiles.md), so the search outlasts the gateway's 10 s \`UPSTREAM_TIMEOUT_MS\` and is answered 504 (every one of them failed) while the query service's find keeps scanning; the store's share rose to ~0.6 cores and everything else slowed ten-fold (0.3-1.3 requests/s). On MongoDB the \`serialNumber\` index answers that search (the query service's explain-plan test checks no hot path scans there; not measured here). Seeding: ~2,300 moves/s (230 items with ~10 moves each per second) on the loaded machine, so 10 M moves would have needed ~72 min; the reports' generator wrote its 10 M moves in 55 s.`;

const progress = (message: string): void => void process.stderr.write(`[bench load] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
const clients = (n: number): string => `${n} client${n === 1 ? '' : 's'}`;
const ms = (n: number): string => (!Number.isFinite(n) ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(1));

interface Seeding {
  /** Items and moves written into the command and query stores (fewer than asked when the time limit ended it). */
  items: number;
  moves: number;
  reportsSeconds: number;
  reportDocuments: number;
  seconds: number;
  sample: string[];
  catalogSeconds: number;
}

/** Items with their moves into the command write model and the query read models, chunk by chunk, side by side. */
async function seedItemsAndHistories(mongo: MongoClient, locationIds: string[], itemTypeId: string): Promise<{ seconds: number; sample: string[]; items: number; moves: number }> {
  const model = writeModelOf(mongo.db('inventory_commands'));
  const queryDb = mongo.db('inventory_query');
  const space = new ReadModelSpace(queryDb, queryProjection.name, await activeGeneration(queryDb, queryProjection.name));
  const bar = new cliProgress.SingleBar({ format: '[bench load] seeding items [{bar}] {value}/{total} items · {moves} moves · {rate} moves/s · eta {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 15_000 }, cliProgress.Presets.shades_classic);
  const sample: string[] = [];
  const sampleEvery = Math.max(1, Math.floor(SIZE.items / 20_000));
  const started = performance.now();
  let [items, moves] = [0, 0];
  bar.start(SIZE.items, 0, { moves: 0, rate: 0 });
  let chunk: ItemHistory[] = [];
  const flush = async (): Promise<void> => {
    const movesIn = chunk.map((history) => history.moves.length);
    const seen = (written: number) => {
      const done = moves + movesIn.slice(0, written).reduce((sum, n) => sum + n, 0);
      bar.update(items + written, { moves: thousands(done), rate: thousands(done / ((performance.now() - started) / 1000)) });
    };
    await Promise.all([seedItems(model, chunk), seedHistories(space, chunk, seen)]);
    items += chunk.length;
    moves += movesIn.reduce((sum, n) => sum + n, 0);
    chunk = [];
  };
  const deadline = SIZE.seedMinutes > 0 ? started + SIZE.seedMinutes * 60_000 : Number.POSITIVE_INFINITY;
  let n = 0;
  for (const history of histories({ count: SIZE.items, moves: SIZE.moves, locationIds, perLocation: SIZE.perLocation, itemTypeId, actorId: 'load-seed', movesTo: Date.now() - 86_400_000 })) {
    if (n++ % sampleEvery === 0) sample.push(history.registration.data.itemId);
    chunk.push(history);
    if (chunk.length === CHUNK) await flush();
    if (performance.now() > deadline) break;
  }
  if (chunk.length > 0) await flush();
  bar.stop();
  return { seconds: (performance.now() - started) / 1000, sample, items, moves };
}

async function assertEmpty(mongo: MongoClient): Promise<void> {
  for (const name of ['inventory_commands', 'inventory_query', 'inventory_reports']) {
    const collections = await mongo.db(name).listCollections({}, { nameOnly: true }).toArray();
    if (collections.length > 0) throw new Error(`the load benchmark seeds a fresh store; ${name} already has ${collections.length} collections (leave MONGODB_URI unset for a private one)`);
  }
}

export async function run(): Promise<string> {
  const infra = await useInfra();
  const mongo = await MongoClient.connect(infra.env.MONGODB_URI);
  try {
    await assertEmpty(mongo);
    // Reports first: the generator writes the worker's packed documents, which the worker then builds on.
    progress(`seeding the reports: ${thousands(SIZE.items)} items, ${thousands(SIZE.moves)} moves`);
    let started = performance.now();
    const reports = await seedReports(reportCollections(new ReadModelSpace(mongo.db('inventory_reports'), PROJECTION_NAME, 1)), { items: SIZE.items, moves: SIZE.moves, locations: 500, days: 30, itemTypes: 10, locationTypes: 4, start: REPORTS_START });
    const reportsSeconds = (performance.now() - started) / 1000;

    progress('starting the stack');
    const gatewayUrl = (await useStack()).urls.gateway!;
    const api = await loggedIn(gatewayUrl);
    const locations = Math.ceil(SIZE.items / SIZE.perLocation);
    progress(`creating ${locations + SIZE.bins} locations and ${SIZE.pairs} parent-child pairs through the API`);
    started = performance.now();
    const catalog = await buildLoadCatalog(api, randomUUID().slice(0, 6).toUpperCase(), { locations, bins: SIZE.bins, pairs: SIZE.pairs }, (done, total) => { if (done % 100 === 0) progress(`${done}/${total} locations`); });
    const lastItem = catalog.working.at(-1)!.id;
    await eventually('the query side has the catalog', async () => (await api.send('GET', `/items/${lastItem}/location`, undefined, { 'Consistency-Token': catalog.consistencyToken })).status === 200, 1_800_000);
    await eventually('the reports have the catalog', async () => (await api.send('GET', '/reports/counts', undefined, { 'Consistency-Token': catalog.consistencyToken })).status === 200, 1_800_000);
    const catalogSeconds = (performance.now() - started) / 1000;

    progress(`seeding ${thousands(SIZE.items)} items and ${thousands(SIZE.moves)} moves into the command write model and the query read models`);
    const { seconds, sample, items, moves } = await seedItemsAndHistories(mongo, catalog.seededLocationIds, catalog.itemTypeId);
    const seeding: Seeding = { items, moves, reportsSeconds, reportDocuments: reports.documents, seconds, sample, catalogSeconds };
    if (items < SIZE.items) progress(`seeding stopped at its time limit (BENCH_LOAD_SEED_MINUTES=${SIZE.seedMinutes}): ${thousands(items)} items, ${thousands(moves)} moves`);

    const targets: LoadTargets = {
      seededItemIds: sample,
      seededLocationIds: catalog.seededLocationIds,
      binIds: catalog.binIds,
      working: catalog.working,
      movements: { from: new Date(REPORTS_START + 86_400_000).toISOString(), to: new Date(REPORTS_START + 8 * 86_400_000).toISOString() },
    };
    const loadBefore = os.loadavg();
    const done: Series[] = [];
    for (const series of SERIES) {
      const current: Series = { ...series, steps: [], cpu: [], machine: [], loads: [] };
      done.push(current);
      progress(`steps ${series.name}`);
      let reading: CpuReading = readCpu();
      let busy = machineBusySeconds();
      let readAt = performance.now();
      await runLoad(() => loggedIn(gatewayUrl), targets, series.plan, { seconds: SIZE.stepSeconds, seed: SIZE.seed, mix: series.mix, probeTimeoutMs: 60_000 }, (result) => {
        const [next, nextBusy, seconds] = [readCpu(), machineBusySeconds(), (performance.now() - readAt) / 1000];
        current.steps.push(result);
        current.cpu.push(coresBetween(reading, next, seconds));
        current.machine.push((nextBusy - busy) / seconds);
        current.loads.push(os.loadavg()[0]!);
        [reading, busy, readAt] = [next, nextBusy, performance.now()];
        const { outcome, lag } = result;
        progress(`${clients(outcome.concurrency)}: ${outcome.throughput.toFixed(1)} req/s, p50 ${ms(outcome.p50)} ms, p99 ${ms(outcome.p99)} ms, ${outcome.errors} errors, lag p99 ${ms(lag.p99)} ms; machine ${current.machine.at(-1)!.toFixed(2)} cores busy, ours ${cores(current.cpu.at(-1)!)}`);
        // Recorded after every step: a run cut short still leaves its figures.
        writeFileSync(path.join(path.dirname(benchmarksFile), series.chart), latencyChart(current.steps.map((step) => step.outcome), { title: `${thousands(seeding.items)} items, ${thousands(seeding.moves)} moves, ${series.short}`, limitMs: series.plan.p99LimitMs }));
        writeSection('load', title, report(done, loadBefore, seeding), loadBefore[0]);
      });
    }
    return report(done, loadBefore, seeding);
  } finally {
    await stopStack();
    await mongo.close();
  }
}

const cores = (shares: readonly [Part, number][]): string => shares.slice(0, 4).map(([part, n]) => `${part} ${n.toFixed(2)}`).join(', ');

function seriesReport({ name, plan, chart, steps, cpu, machine, loads }: Series): string[] {
  if (steps.length === 0) return [];
  const knee = kneeOf(plan, steps.map((step) => step.outcome));
  const kneeIndex = steps.findIndex((step) => step.outcome === knee);
  const last = steps.at(-1)!;
  const endpoints = [...new Set(steps.flatMap((step) => step.endpoints.map((e) => e.endpoint)))].sort();
  const within = steps.some((step) => step.outcome.p99 <= plan.p99LimitMs);
  return [
    `### Mix ${name}`,
    '',
    `![Latency against throughput, ${name}](${chart})`,
    '',
    '| clients | requests/s | p50 ms | p99 ms | p99.9 ms | errors | lag p50 / p99 ms (probes) | load | machine busy (cores) | our processes (cores), busiest first |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...steps.map(({ outcome, lag }, i) => `| ${outcome.concurrency}${i === kneeIndex && within ? ' (knee)' : ''} | ${outcome.throughput.toFixed(1)} | ${ms(outcome.p50)} | ${ms(outcome.p99)} | ${ms(outcome.p999)} | ${outcome.errors} of ${thousands(outcome.calls)} | ${ms(lag.p50)} / ${ms(lag.p99)} (${lag.seen}${lag.seen < lag.probes ? ` of ${lag.probes} seen within 60 s` : ''}) | ${loads[i]!.toFixed(1)} | ${machine[i]!.toFixed(2)} of ${os.cpus().length} | ${cores(cpu[i]!)} |`),
    '',
    'p50 / p99 / p99.9 ms per endpoint:',
    '',
    `| endpoint | ${steps.map((step) => clients(step.outcome.concurrency)).join(' | ')} |`,
    `|---|${steps.map(() => '---|').join('')}`,
    ...endpoints.map((endpoint) => `| ${endpoint} | ${steps.map((step) => {
      const e = step.endpoints.find((summary) => summary.endpoint === endpoint);
      return e ? `${ms(e.p50)} / ${ms(e.p99)} / ${ms(e.p999)}${e.errors > 0 ? ` (${e.errors} of ${e.count} failed)` : ''}` : '—';
    }).join(' | ')} |`),
    '',
    within
      ? `At the knee (${clients(knee!.concurrency)}, ${knee!.throughput.toFixed(1)} requests/s, the most within a p99 of ${plan.p99LimitMs} ms) the cores went to: ${cores(cpu[kneeIndex]!)}; at the last step (${clients(last.outcome.concurrency)}): ${cores(cpu.at(-1)!)}.`
      : `The p99 passed ${plan.p99LimitMs} ms from the first step; the steps went on to ${steps.length} for the curve. Cores at the first step: ${cores(cpu[0]!)}; at the last (${clients(last.outcome.concurrency)}): ${cores(cpu.at(-1)!)}.`,
    '',
  ];
}

function report(series: Series[], loadBefore: number[], seeding: Seeding): string {
  const scale = seeding.items >= 1_000_000 && seeding.moves >= 10_000_000 ? 'the size issue 16 asks for'
    : seeding.items < SIZE.items ? `**smaller than the ${thousands(SIZE.items)} items and ${thousands(SIZE.moves)} moves asked for: seeding stopped at its time limit** (BENCH_LOAD_SEED_MINUTES=${SIZE.seedMinutes}); the reports hold the full size`
      : '**smaller than the 1 M items and 10 M moves issue 16 asks for** (BENCH_LOAD_ITEMS / BENCH_LOAD_MOVES)';
  return [
    `Size: ${thousands(seeding.items)} items and ${thousands(seeding.moves)} moves in the command and query stores, ${scale}. The whole stack (npm start's launcher: gateway, command service, query service, reporting worker) on a private Kafka, registry and FerretDB, on ${os.cpus().length} cores shared with other work (load average ${loadBefore.map((n) => n.toFixed(1)).join(' / ')} when the steps began).`,
    '',
    `Seeding (the fast generator, straight into the stores with each service's own document builders; nothing published, so a rebuild from the topics would drop it): the command write model and the query read models get the same ${thousands(seeding.items)} items in ${thousands(Math.ceil(SIZE.items / SIZE.perLocation))} locations (up to ${thousands(SIZE.perLocation)} registered in each) created through the API (${seeding.catalogSeconds.toFixed(0)} s with ${SIZE.pairs} parent-child pairs for the workload), each item with ~${(SIZE.moves / SIZE.items).toFixed(0)} moves between them (a timeline row each, linked, and its stays): **${seeding.seconds.toFixed(0)} s = ${thousands(seeding.items / seeding.seconds)} items/s, ${thousands(seeding.moves / seeding.seconds)} moves/s**. The reports get a history of ${thousands(SIZE.items)} items and ${thousands(SIZE.moves)} moves from their own generator (500 locations of their own over 30 days, packed as the compactor leaves it): ${thousands(seeding.reportDocuments)} documents in ${seeding.reportsSeconds.toFixed(0)} s.`,
    '',
    `Workload (seeded draws, \`BENCH_LOAD_SEED\`): where-is 25 %, what-is-at 20 % (first page of 50 of a seeded location), item history 15 %, item search by serial number 10 %, moves 20 % and assignments or releases 5 % (each client owns some of the ${SIZE.pairs} pairs, so every command it sends should be accepted), inventory status 2 %, movements report over 7 days 2 %, counts 1 %. Each client sends one request after another; ${SIZE.stepSeconds} s per step, clients doubling from ${PLAN.start} until the p99 of all requests passes ${PLAN.p99LimitMs} ms (at most ${SIZE.maxClients}). Lag: after an accepted move (one probe at a time), where-is is asked with the move's Consistency-Token until it answers (each attempt waits up to the query service's 2 s). Cores: CPU seconds per second of the whole machine and of each process this run started, from /proc (what the machine gave the stack, and which part used it). Run twice on the same seeded stack: first without item search, then with the issue's mix.`,
    '',
    ...series.flatMap(seriesReport),
    WHERE_THE_TIME_GOES,
  ].join('\n');
}
