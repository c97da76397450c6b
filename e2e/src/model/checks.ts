/**
 * What the model-based suite checks through the API after every step, each assertion naming the
 * SPEC property it stands for. Reads carry the run's Consistency-Token, so they see every write.
 */
import assert from 'node:assert/strict';
import type {
  AuditPage, CountsReport, HistoryPage, Item, ItemLocation, Location, LocationContents, InventoryStatusReport, MovementsReport,
} from '@inventory/contracts';
import { LOCATION_TYPES, type InventoryModel } from './inventory-model.js';
import type { RealStack } from './real-stack.js';

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** Properties 1, 2, 3, 8, 9, 10: where-is and what-is-at agree with each other and with the model. */
async function checkLocations(model: InventoryModel, real: RealStack): Promise<void> {
  const live = model.liveItems();
  for (const item of live) {
    const where = await real.readOk<ItemLocation>(`/items/${item.id}/location`);
    assert.equal(where.locationId, item.locationId, `property 1/2/3: item ${item.id} is at ${item.locationId}`);
    assert.equal(where.parentId, item.parentId, `property 10: item ${item.id} has parent ${item.parentId}`);
    const path: string[] = [];
    for (let id: string | null = item.locationId; id !== null; id = model.location(id).parentId) path.unshift(id);
    assert.deepEqual(where.locationPath.map((node) => node.id), path, 'property 1: the location path is the tree above it');
    const described = await real.readOk<Item>(`/items/${item.id}`);
    assert.equal(described.itemTypeId, real.itemTypeIds[item.typeKey], 'property 8: the item keeps its type');
  }
  for (const item of model.items.filter((candidate) => candidate.retired)) {
    assert.equal((await real.read(`/items/${item.id}/location`)).code, 'ITEM_NOT_FOUND', `retired item ${item.id} is gone`);
  }
  for (const location of model.locations) {
    if (location.deleted) {
      assert.equal((await real.read(`/locations/${location.id}`)).code, 'LOCATION_NOT_FOUND', `property 9: deleted ${location.key} is gone`);
      assert.ok(!live.some((item) => item.locationId === location.id), 'property 8: no item in a deleted location');
      continue;
    }
    const stored = await real.readOk<Location>(`/locations/${location.id}`);
    assert.deepEqual([stored.parentLocationId, stored.active], [location.parentId, location.active], `property 8: location ${location.key} as modelled`);
    const contents = await real.readOk<LocationContents>(`/locations/${location.id}/contents?includeChildren=true&limit=500`);
    const expected = model.itemsAt(location.id);
    assert.deepEqual(sorted(contents.items.map((entry) => entry.item.id)), sorted(expected.map((item) => item.id)), `property 1: what is at ${location.key}`);
    for (const entry of contents.items) assert.equal(entry.viaParentId, model.item(entry.item.id).parentId, 'property 1/10: a child is listed with its parent');
    const { capacity } = LOCATION_TYPES[location.typeKey];
    assert.ok(capacity === null || contents.items.length <= capacity, `property 9: ${location.key} holds at most ${capacity}`);
  }
}

/** Properties 4 and 11: each item's history is exactly its accepted moves and assignment changes, in order, with who. */
async function checkHistory(model: InventoryModel, real: RealStack): Promise<void> {
  for (const item of model.liveItems()) {
    const page = await real.readOk<HistoryPage>(`/items/${item.id}/history?limit=500`);
    assert.equal(new Set(page.items.map((entry) => entry.eventId)).size, page.items.length, 'property 4: no history line twice');
    const actual = page.items.map((entry) => ({
      kind: entry.kind, parentId: entry.parentId, actorId: entry.actorId,
      ...(entry.kind.startsWith('MOVED') ? { fromLocationId: entry.fromLocationId, toLocationId: entry.toLocationId } : {}),
    }));
    const expected = item.history.map((line) => ({
      kind: line.kind, parentId: line.parentId, actorId: line.actorId,
      ...(line.kind.startsWith('MOVED') ? { fromLocationId: line.fromLocationId, toLocationId: line.toLocationId } : {}),
    }));
    assert.deepEqual(actual, expected, `property 4/11: history of ${item.id}`);
    const times = page.items.map((entry) => entry.occurredAt);
    assert.deepEqual(times, [...times].sort(), 'property 4: chronological order');
  }
}

/** Property 6: report counts equal counts computed from the model. */
async function checkReports(model: InventoryModel, real: RealStack): Promise<void> {
  const root = model.locations[0]!;
  const status = await real.readOk<InventoryStatusReport>(`/reports/inventory-status?rootId=${root.id}`);
  const rows = new Map(status.locations.map((row) => [row.locationId, row]));
  const inTree = model.subtreeOf(root.id);
  assert.deepEqual(sorted(rows.keys()), sorted(inTree.map((location) => location.id)), 'property 6: the report lists the tree');
  for (const location of inTree) {
    const row = rows.get(location.id)!;
    const total = model.subtreeOf(location.id).reduce((sum, inside) => sum + model.itemsAt(inside.id).length, 0);
    assert.deepEqual([row.itemCount, row.totalItemCount], [model.itemsAt(location.id).length, total], `property 6: counts of ${location.key}`);
  }
  for (const typeKey of ['pallet', 'laptop', 'cable'] as const) {
    const counts = await real.readOk<CountsReport>(`/reports/counts?itemType=${real.itemTypeIds[typeKey]}`);
    const actual = Object.fromEntries(counts.rows.filter((row) => row.itemCount > 0).map((row) => [row.locationTypeId, row.itemCount]));
    const expected: Record<string, number> = {};
    for (const item of model.liveItems().filter((candidate) => candidate.typeKey === typeKey)) {
      const typeId = real.locationTypeIds[model.location(item.locationId).typeKey];
      expected[typeId] = (expected[typeId] ?? 0) + 1;
    }
    assert.deepEqual(actual, expected, `property 6: counts of ${typeKey} by location type`);
  }
}

/** Property 7: a date-range report has exactly the moves inside [from, to). */
async function checkDateRange(model: InventoryModel, real: RealStack): Promise<void> {
  const times = model.moves.filter((move) => move.itemTypeKey === 'pallet').map((move) => move.occurredAt).sort();
  if (times.length === 0) return;
  const first = times[0]!;
  const last = times.at(-1)!;
  const justAfter = new Date(Date.parse(last) + 1).toISOString();
  const ranges: [string, string][] = [[first, justAfter], ...(first < last ? [[first, last] as [string, string]] : []), [justAfter, new Date(Date.parse(justAfter) + 60_000).toISOString()]];
  for (const [from, to] of ranges) {
    const report = await real.readOk<MovementsReport>(`/reports/movements?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&itemType=${real.itemTypeIds.pallet}&groupBy=itemType`);
    const inside = times.filter((time) => time >= from && time < to).length;
    assert.equal(report.totalMoves, inside, `property 7: moves in [${from}, ${to})`);
  }
}

export async function checkInventory(model: InventoryModel, real: RealStack): Promise<void> {
  await checkLocations(model, real);
  await checkHistory(model, real);
  await checkReports(model, real);
  await checkDateRange(model, real);
}

const outcomeOf = (status: number): string => (status < 400 ? 'SUCCEEDED' : status === 401 || status === 403 ? 'DENIED' : 'FAILED');

/** Property 16: every state-changing request of the run, allowed or denied, left exactly one audit record with its outcome. */
export async function checkAudit(real: RealStack, since: string): Promise<void> {
  const mine = new Map(real.sent.map((sent) => [sent.correlationId, sent]));
  let counts = new Map<string, { count: number; outcome: string; status: number }>();
  const deadline = Date.now() + 15_000;
  do {
    counts = new Map();
    let cursor: string | null = null;
    do {
      const query: string = `/audit?from=${encodeURIComponent(since)}&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const page: AuditPage = (await real.admin.ok<AuditPage>('GET', query));
      for (const entry of page.items.filter((candidate) => mine.has(candidate.correlationId))) {
        const seen = counts.get(entry.correlationId);
        counts.set(entry.correlationId, { count: (seen?.count ?? 0) + 1, outcome: entry.outcome, status: entry.status });
      }
      cursor = page.nextCursor;
    } while (cursor);
    if (counts.size >= mine.size) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  } while (Date.now() < deadline);
  for (const sent of mine.values()) {
    const record = counts.get(sent.correlationId);
    assert.ok(record, `property 16: no audit record of ${sent.method} ${sent.path} (${sent.status}, ${sent.correlationId})`);
    assert.deepEqual([record.count, record.status, record.outcome], [1, sent.status, outcomeOf(sent.status)], `property 16: one record of ${sent.method} ${sent.path}`);
  }
}
