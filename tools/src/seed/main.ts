/**
 * `npm run seed -- --items N`: fills a running stack with realistic demo data through the public
 * API (gateway): location types and a warehouse tree, item types, parents with assigned children,
 * and moves, with a progress bar. Safe to run again: each run tags its codes, serials and barcodes.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pLimit from 'p-limit';
import type { ItemResult, ItemTypeResult, LocationResult, LocationTypeResult, BulkMoveResult } from '@inventory/contracts';
import { MAX_BULK_MOVES } from '@inventory/contracts';
import { ApiClient, ApiError } from './api-client.js';
import { planSeed } from './plan.js';
import { localAdminCredentials } from '../local-admin.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000' },
    moves: { type: 'string' },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8080}` },
    username: { type: 'string', default: localAdminCredentials().username },
    password: { type: 'string', default: localAdminCredentials().password },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string', default: '42' },
  },
});

const itemCount = Number(values.items);
const moveCount = values.moves === undefined ? itemCount * 3 : Number(values.moves);
if (!Number.isInteger(itemCount) || itemCount < 1 || !Number.isInteger(moveCount) || moveCount < 0) {
  process.stderr.write('usage: npm run seed -- --items N [--moves M] [--gateway URL] [--concurrency C] [--seed S]\n');
  process.exit(2);
}

const api = new ApiClient(values.gateway);
const limit = pLimit(Number(values.concurrency));
const tag = Date.now().toString(36).toUpperCase();
const plan = planSeed(itemCount, moveCount, Number(values.seed));
const ids = new Map<string, string>();
const bar = new cliProgress.SingleBar({ format: '{stage} |{bar}| {value}/{total} ({duration_formatted})', hideCursor: true }, cliProgress.Presets.shades_classic);

async function stage<T>(name: string, work: T[], run: (entry: T) => Promise<void>): Promise<void> {
  bar.start(work.length, 0, { stage: name.padEnd(16) });
  await Promise.all(work.map((entry) => limit(async () => { await run(entry); bar.increment(); })));
  bar.stop();
}

/** Types are shared between runs: reuse one that already exists under the same name. */
async function defineOnce(collection: string, key: string, name: string, create: () => Promise<string>): Promise<void> {
  try {
    ids.set(key, await create());
  } catch (error) {
    if (!(error instanceof ApiError && error.problem.code === 'DUPLICATE_NAME')) throw error;
    const page = await api.request<{ items: { id: string; name: string }[] }>('GET', `/${collection}?name=${encodeURIComponent(name)}`);
    const existing = page.items.find((entry) => entry.name === name);
    if (!existing) throw error;
    ids.set(key, existing.id);
  }
}

const id = (key: string): string => ids.get(key) ?? (() => { throw new Error(`no id for ${key}`); })();

try {
  await api.login(values.username, values.password);
  await stage('item types', plan.itemTypes, (type) => defineOnce('item-types', type.key, type.name, async () =>
    (await api.request<ItemTypeResult>('POST', '/item-types', { name: type.name })).itemType.id));
  await stage('location types', plan.locationTypes, (type) => defineOnce('location-types', type.key, type.name, async () =>
    (await api.request<LocationTypeResult>('POST', '/location-types', { name: type.name, capacity: type.capacity })).locationType.id));
  // A location needs its parent's id, so the tree is created one depth at a time.
  const depthOf = (key: string | null): number => (key === null ? 0 : 1 + depthOf(plan.locations.find((location) => location.key === key)!.parentKey));
  const maxDepth = Math.max(...plan.locations.map((location) => depthOf(location.key)));
  for (let depth = 1; depth <= maxDepth; depth += 1) {
    await stage(`locations (L${depth})`, plan.locations.filter((location) => depthOf(location.key) === depth), async (location) => {
      const result = await api.request<LocationResult>('POST', '/locations', {
        code: `${tag}-${location.code}`, name: location.name, locationTypeId: id(location.typeKey), parentLocationId: location.parentKey === null ? null : id(location.parentKey),
      });
      ids.set(location.key, result.location.id);
    });
  }
  await stage('items', plan.items, async (item) => {
    const result = await api.request<ItemResult>('POST', '/items', {
      itemTypeId: id(item.typeKey), kind: item.kind, name: item.name, attributes: item.attributes, locationId: id(item.locationKey),
      serialNumber: item.serialNumber === null ? null : `${item.serialNumber}-${tag}`, barcode: item.barcode === null ? null : `${tag}${item.barcode}`,
    });
    ids.set(item.key, result.item.id);
  });
  await stage('assignments', plan.assignments, async ({ childKey, parentKey }) => {
    await api.request('POST', `/items/${id(childKey)}/assignment`, { parentId: id(parentKey) });
  });
  let rejected = 0;
  const batches = Array.from({ length: Math.ceil(plan.moves.length / MAX_BULK_MOVES) }, (_, index) => plan.moves.slice(index * MAX_BULK_MOVES, (index + 1) * MAX_BULK_MOVES));
  bar.start(plan.moves.length, 0, { stage: 'moves'.padEnd(16) });
  // Batches go one after another: a later batch may move an item an earlier one moved.
  for (const batch of batches) {
    const result = await api.request<BulkMoveResult>('POST', '/moves/bulk', { moves: batch.map((move) => ({ itemId: id(move.itemKey), toLocationId: id(move.toLocationKey), reason: move.reason })) });
    rejected += result.results.filter((outcome) => outcome.outcome === 'REJECTED').length;
    bar.increment(batch.length);
  }
  bar.stop();
  process.stdout.write(`seeded ${plan.locations.length} locations, ${plan.items.length} items, ${plan.assignments.length} assignments, ${plan.moves.length - rejected} moves (${rejected} refused by the rules) with tag ${tag}\n`);
} catch (error) {
  bar.stop();
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
