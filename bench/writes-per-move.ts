/**
 * `npm run bench -- writes`: the store writes one accepted move costs across the whole local stack
 * (the real launcher, all four services), from each service's `store_writes_total` before and after
 * a phase of moves through the gateway, once the projection and the reports have applied them and
 * their sweepers have gone quiet. Two phases: one client moving one item after another (every unit
 * of work folds one move: the dearest case), and several clients at once (units fold several).
 */
import { randomUUID } from 'node:crypto';
import type { ItemResult, ItemTypeResult, LocationResult, LocationTypeResult, MoveResult } from '@inventory/contracts';
import { stopStack, useStack } from '@inventory/testkit';
import { ApiClient, localAdminCredentials } from '@inventory/tools';
import { writesBetween, writesPer } from './markdown-report.js';

export const title = 'Store writes per accepted move, whole stack';

const SEQUENTIAL_MOVES = Number(process.env.BENCH_WRITES_SEQUENTIAL ?? 200);
const CLIENTS = Number(process.env.BENCH_WRITES_CLIENTS ?? 8);
const CONCURRENT_SECONDS = Number(process.env.BENCH_WRITES_SECONDS ?? 15);
const ITEMS = 200;
const BINS = 20;
/** The operations token the gateway's /metrics asks for (the internal services take the launcher's internal token). */
const METRICS_TOKEN = `bench-writes-${randomUUID()}`;
const SERVICES = ['gateway', 'command-service', 'query-service', 'reporting-worker'] as const;
type Service = (typeof SERVICES)[number];
type Metric = 'store_writes_total' | 'store_documents_written_total';
/** Per service, per metric, per collection. */
type Counts = Record<Service, Record<Metric, Record<string, number>>>;

/** `store_writes_total{collection="items"} 12` lines (or another metric's) of a Prometheus text page, by collection. */
export function parseStoreWrites(page: string, metric: Metric = 'store_writes_total'): Record<string, number> {
  const counts: Record<string, number> = {};
  const line = new RegExp(`^${metric}\\{[^}]*collection="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  for (const [, collection, value] of page.matchAll(line)) counts[collection!] = (counts[collection!] ?? 0) + Number(value);
  return counts;
}

export async function run(): Promise<string> {
  process.env.METRICS_TOKEN ??= METRICS_TOKEN;
  const launcher = await useStack();
  try {
    const bearer = (service: Service) => (service === 'gateway' ? process.env.METRICS_TOKEN! : launcher.internalAuthToken);
    const counts = async (): Promise<Counts> => Object.fromEntries(await Promise.all(SERVICES.map(async (service) => {
      const response = await fetch(`${launcher.urls[service]}/metrics`, { headers: { authorization: `Bearer ${bearer(service)}` } });
      if (!response.ok) throw new Error(`${service} /metrics answered ${response.status}`);
      const page = await response.text();
      return [service, { store_writes_total: parseStoreWrites(page), store_documents_written_total: parseStoreWrites(page, 'store_documents_written_total') }] as const;
    }))) as Counts;
    const api = new ApiClient(launcher.urls.gateway!);
    const { username, password } = localAdminCredentials();
    await api.login(username, password);
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const itemType = await api.request<ItemTypeResult>('POST', '/item-types', { name: `Writes crate ${tag}` });
    const binType = await api.request<LocationTypeResult>('POST', '/location-types', { name: `Writes bin ${tag}` });
    const bins: string[] = [];
    for (let b = 0; b < BINS; b++) bins.push((await api.request<LocationResult>('POST', '/locations', { code: `WR-${tag}-${b}`, name: `Bin ${b}`, locationTypeId: binType.locationType.id })).location.id);
    const items: { id: string; bin: number }[] = [];
    for (let i = 0; i < ITEMS; i++) items.push({ id: (await api.request<ItemResult>('POST', '/items', { itemTypeId: itemType.itemType.id, kind: 'PARENT', name: `crate ${i}`, locationId: bins[i % BINS] })).item.id, bin: i % BINS });

    let lastToken = '';
    const move = async (item: { id: string; bin: number }): Promise<void> => {
      item.bin = (item.bin + 1 + Math.floor(Math.random() * (BINS - 1))) % BINS;
      lastToken = (await api.request<MoveResult>('POST', '/moves', { itemId: item.id, toLocationId: bins[item.bin] })).consistencyToken;
    };
    /** Until the query projection and the reports have applied the last move and no service has written for two seconds. */
    const settled = async (): Promise<Counts> => {
      if (lastToken) {
        const headers = { 'Consistency-Token': lastToken };
        await api.request('GET', `/items/${items[0]!.id}/location`, undefined, headers);
        await api.request('GET', '/reports/inventory-status', undefined, headers);
      }
      let before = await counts();
      for (let quiet = 0, waited = 0; quiet < 4 && waited < 120; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = await counts();
        quiet = JSON.stringify(now) === JSON.stringify(before) ? quiet + 1 : 0;
        before = now;
      }
      return before;
    };
    const phase = async (label: string, body: () => Promise<number>): Promise<string> => {
      const before = await settled();
      const moves = await body();
      const after = await settled();
      const perService = (metric: Metric) => SERVICES.map((service) => {
        const writes = writesBetween(before[service][metric], after[service][metric]);
        return { service, writes, total: writes.reduce((sum, [, n]) => sum + n, 0) };
      });
      const [statements, documents] = [perService('store_writes_total'), perService('store_documents_written_total')];
      const perMove = (services: typeof statements) => (services.reduce((sum, { total: n }) => sum + n, 0) / moves).toFixed(2);
      return `| ${label}: ${moves} moves | **${perMove(statements)}** | ${statements.map(({ service, writes }) => `${service} ${writesPer(writes, moves)}`).join('; ')} | **${perMove(documents)}** | ${documents.map(({ service, writes }) => `${service} ${writesPer(writes, moves)}`).join('; ')} |`;
    };

    const sequential = await phase('one client, one move after another', async () => {
      for (let n = 0; n < SEQUENTIAL_MOVES; n++) await move(items[n % ITEMS]!);
      return SEQUENTIAL_MOVES;
    });
    const concurrent = await phase(`${CLIENTS} clients at once for ${CONCURRENT_SECONDS} s`, async () => {
      let moves = 0;
      const until = Date.now() + CONCURRENT_SECONDS * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
        // Each client its own items: no two clients race for one item (a 409 would be a move not accepted).
        const own = items.filter((_, i) => i % CLIENTS === client);
        for (let n = 0; Date.now() < until; n++, moves++) await move(own[n % own.length]!);
      }));
      return moves;
    });
    return [
      `Moves through the gateway of \`npm start\`'s launcher (its four services, the local Kafka, registry and FerretDB), ${ITEMS} items between ${BINS} bins; each phase counted from every service's \`store_writes_total\` (the driver's command monitoring: one per inserted document and per update or delete statement; and \`store_documents_written_total\`, the documents the store reports those changed, so an \`updateMany\` counts every document it rewrote) between two settled points (the last move read back with its Consistency-Token from where-is and from a report, then two seconds without a write anywhere), so the sweepers' and compactors' writes for these moves are in. The gateway's writes are its audit records and rate-limit syncs.`,
      '',
      '| phase | writes per move, all services | per service (per collection) | documents changed per move, all services | per service (per collection) |',
      '|---|---|---|---|---|',
      sequential,
      concurrent,
    ].join('\n');
  } finally {
    await stopStack();
  }
}
