/**
 * `npm run bench -- console-requests`: the console's reads at scale (its first load is `-- console`): the real stack (useStack) with a warehouse of aisles and bins made
 * through the API, then BENCH_CONSOLE_ITEMS items (1 M) written straight into the query read models
 * by `npm run seed-read-models`, then each request a screen sends, one at a time through the
 * gateway, as the console sends it: the tree a level per expand, a location's first page, item
 * search pages by each filter and by cursor, and the CSV export (whole bin, and the first rows of
 * a million-item one). Rendering is not timed: every screen shows at most one page (50 rows).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractClient } from '../src/contract-client.js';
import { waitForReadSide } from '../src/warehouse.js';
import { stopStack, useInfra, useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';

const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ITEMS = setting('BENCH_CONSOLE_ITEMS', 1_000_000);
const AISLES = 20;
const BINS_PER_AISLE = 50;
const REQUESTS = setting('BENCH_CONSOLE_REQUESTS', 200);
/** For the item searches, which scan on the local store (each costs seconds at 1 M items there). */
const SCAN_REQUESTS = setting('BENCH_CONSOLE_SCAN_REQUESTS', 5);
/** Rows of the large export that are read before it is abandoned (its time to here, and rows/s). */
const EXPORT_ROWS = setting('BENCH_CONSOLE_EXPORT_ROWS', 100_000);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const progress = (message: string): void => void process.stderr.write(`[bench console] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const nearestRank = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

interface Page { items: { id: string; serialNumber: string | null }[]; nextCursor: string | null }

function seedReadModels(env: NodeJS.ProcessEnv, items: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'seed-read-models', '-w', '@inventory/query-service', '--', '--items', String(items), '--per-location', '1000'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed-read-models exited with ${code}`))));
  });
}

export const title = 'Web console: its requests at scale';

export async function run(): Promise<string> {
  const infra = await useInfra();
  // The local stand-in (FerretDB v1) has no secondary index: item searches scan there (store-profile.ts).
  const storeScans = infra.env.STORE_PROFILE === 'ferretdb-local';
  const stack = await useStack();
  try {
    const base = `${stack.urls.gateway!}/api/v1`;
    const admin = new ContractClient(stack.urls.gateway!);
    const { username, password } = localAdminCredentials();
    await admin.api.login(username, password);
    const { accessToken } = await admin.ok<{ accessToken: string }>('POST', '/auth/login', { username, password });
    const headers = { authorization: `Bearer ${accessToken}` };

    progress(`creating 1 warehouse, ${AISLES} aisles and ${AISLES * BINS_PER_AISLE} bins`);
    const site = await admin.ok<{ locationType: { id: string } }>('POST', '/location-types', { name: 'Bench site' });
    const bin = await admin.ok<{ locationType: { id: string } }>('POST', '/location-types', { name: 'Bench bin' });
    await admin.ok('POST', '/item-types', { name: 'Bench laptop' });
    const warehouse = await admin.ok<{ location: { id: string } }>('POST', '/locations', { code: 'BENCH-W', name: 'Bench warehouse', locationTypeId: site.locationType.id });
    const aisleIds: string[] = [];
    const binIds: string[] = [];
    let token = '';
    for (let aisle = 0; aisle < AISLES; aisle++) {
      const created = await admin.ok<{ location: { id: string } }>('POST', '/locations', { code: `BENCH-A${aisle}`, name: `Aisle ${aisle}`, locationTypeId: site.locationType.id, parentLocationId: warehouse.location.id });
      aisleIds.push(created.location.id);
      for (let slot = 0; slot < BINS_PER_AISLE; slot++) {
        const made = await admin.ok<{ location: { id: string }; consistencyToken: string }>('POST', '/locations', { code: `BENCH-A${aisle}-B${slot}`, name: `Bin ${slot}`, locationTypeId: bin.locationType.id, parentLocationId: created.location.id });
        binIds.push(made.location.id);
        token = made.consistencyToken;
      }
    }
    await waitForReadSide(admin, `/locations/${binIds.at(-1)}`, token);

    progress(`seeding ${ITEMS} items into the query read models`);
    const seedStarted = performance.now();
    await seedReadModels({ ...process.env, ...infra.env }, ITEMS);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const get = async (pathAndQuery: string, accept = 'application/json'): Promise<Response> => {
      const response = await fetch(`${base}${pathAndQuery}`, { headers: { ...headers, accept } });
      if (response.status !== 200) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
      return response;
    };
    /**
     * p50/p99 (or the median and slowest, for a handful) of `count` sequential requests, after a tenth
     * as many (at least one) that warm up; refusals (say the gateway's 504 when the store is slower
     * than UPSTREAM_TIMEOUT_MS) are counted, not timed.
     */
    const timed = async (pathOf: () => string, { accept = 'application/json', count = REQUESTS } = {}): Promise<string> => {
      const samples: number[] = [];
      const refused = new Map<string, number>();
      for (let i = -Math.max(1, Math.min(10, Math.round(count / 10))); i < count; i++) {
        const started = performance.now();
        const response = await fetch(`${base}${pathOf()}`, { headers: { ...headers, accept } });
        const body = await response.text();
        if (i < 0) continue;
        if (response.status === 200) samples.push(performance.now() - started);
        else {
          const key = `${response.status} ${(JSON.parse(body) as { code?: string }).code ?? ''}`;
          refused.set(key, (refused.get(key) ?? 0) + 1);
        }
      }
      samples.sort((a, b) => a - b);
      const answered = samples.length === 0 ? 'none answered' : count >= 20
        ? `p50 **${fmt(nearestRank(samples, 50))} ms**, p99 **${fmt(nearestRank(samples, 99))} ms**`
        : `median **${fmt(nearestRank(samples, 50))} ms**, slowest ${fmt(samples.at(-1)!)} ms (${samples.length} of ${count} requests)`;
      return [answered, ...[...refused].map(([key, n]) => `${n} of ${count} answered ${key}`)].join('; ');
    };
    const itemType = (await (await get('/item-types?name=Bench%20laptop')).json() as { items: { id: string }[] }).items[0]!.id;
    // Samples by `_id` reads (fast on every store): serial numbers from a bin's contents.
    const sampleBin = await (await get(`/locations/${binIds[0]}/contents?limit=500`)).json() as { items: { item: { serialNumber: string | null } }[] };
    const serials = sampleBin.items.map((entry) => entry.item.serialNumber!).filter(Boolean);
    const firstPage = await fetch(`${base}/items?itemType=${itemType}&limit=50`, { headers });
    const secondPageCursor = firstPage.status === 200 ? (await firstPage.json() as Page).nextCursor : (await firstPage.arrayBuffer(), null);
    progress('timing the console\'s requests');
    const scans = { count: storeScans ? SCAN_REQUESTS : REQUESTS };
    const rows: [string, string][] = [
      ['location tree, roots (`/locations/tree?maxDepth=0`)', await timed(() => '/locations/tree?maxDepth=0')],
      [`expand the warehouse (${AISLES} aisles: \`?rootId&maxDepth=1\`)`, await timed(() => `/locations/tree?rootId=${warehouse.location.id}&maxDepth=1`)],
      [`expand an aisle (${BINS_PER_AISLE} bins)`, await timed(() => `/locations/tree?rootId=${pick(aisleIds)}&maxDepth=1`)],
      ['a bin\'s contents, first page of 50', await timed(() => `/locations/${pick(binIds)}/contents?limit=50`)],
      ['item search, no filter, first page of 50', await timed(() => '/items?limit=50', scans)],
      ['item search by location, first page', await timed(() => `/items?location=${pick(binIds)}&limit=50`, scans)],
      [`item search by item type (all ${ITEMS.toLocaleString('en-US')} items), page 2 by cursor`, secondPageCursor ? await timed(() => `/items?itemType=${itemType}&limit=50&cursor=${secondPageCursor}`, scans) : `not measured: page 1 answered ${firstPage.status}`],
      ['item search by serial number', await timed(() => `/items?serial=${encodeURIComponent(pick(serials))}&limit=50`, scans)],
    ];

    // The export: a whole bin, then the first EXPORT_ROWS rows of every item of the type.
    const binExport = await timed(() => `/items?location=${pick(binIds)}`, { ...scans, accept: 'text/csv' });
    const started = performance.now();
    const response = await fetch(`${base}/items?itemType=${itemType}`, { headers: { ...headers, accept: 'text/csv' } });
    let largeExport: string;
    if (response.status !== 200) {
      const problem = await response.json() as { code?: string; detail?: string };
      largeExport = `answered ${response.status} ${problem.code ?? ''} after ${fmt(performance.now() - started)} ms (${problem.detail ?? ''})`;
    } else {
      const reader = response.body!.getReader();
      let firstByteMs = Number.NaN;
      let lines = 0;
      while (lines <= EXPORT_ROWS) {
        const { done, value } = await reader.read();
        if (done) break;
        if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
        for (const byte of value) if (byte === 10) lines += 1;
      }
      const exportMs = performance.now() - started;
      await reader.cancel();
      const rowsRead = Math.max(0, Math.min(lines - 1, EXPORT_ROWS));
      largeExport = `first bytes after ${fmt(firstByteMs)} ms; ${rowsRead.toLocaleString('en-US')} rows in ${(exportMs / 1000).toFixed(1)} s = ${Math.round((rowsRead / exportMs) * 1000).toLocaleString('en-US')} rows/s${rowsRead === EXPORT_ROWS ? ' (then abandoned)' : ''}`;
    }
    return [
      `Store: ${infra.env.STORE_PROFILE}.${storeScans ? ' It has no secondary index, so every item search (and the export, which sorts by id) scans the items there: on MongoDB the same requests use the items indexes ({locationId, _id}, {itemTypeId, _id}, {serialNumber}, {barcode}; query-plans.int.test.ts checks no plan scans), so these rows are the local store\'s, not the console\'s, and grow linearly with the items there (each request reads and sorts them all). The tree and contents are served by `_id` and do not grow with the number of items.' : ''}`,
      '',
      `Sizes: ${ITEMS.toLocaleString('en-US')} items (seeded into the read models in ${seedSeconds.toFixed(0)} s, 1,000 per bin), 1 warehouse › ${AISLES} aisles › ${AISLES * BINS_PER_AISLE} bins; ${REQUESTS} sequential requests per row, through the gateway with a bearer token, as the console sends them.`,
      '',
      '| console request | latency |', '|---|---|',
      ...rows.map(([what, result]) => `| ${what} | ${result} |`),
      `| Export CSV of a whole bin (1,000 items, \`Accept: text/csv\`) | ${binExport} |`,
      `| Export CSV of all ${ITEMS.toLocaleString('en-US')} items of a type (\`Accept: text/csv\`), streamed | ${largeExport} |`,
    ].join('\n');
  } finally {
    await stopStack();
  }
}
