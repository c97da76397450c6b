import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { internalAuthHeaders } from '@inventory/platform';
import type { CommandStartedEvent, Document } from 'mongodb';
import { QueryServiceHarness } from '../testing/harness.js';
import { InventoryWorld } from '../testing/inventory-world.js';

interface Page {
  items: { id: string; serialNumber: string | null; barcode: string | null }[];
  nextCursor: string | null;
}

/**
 * Search by serial number and barcode (read through the item keys, item-keys.ts) against the real
 * service, Kafka, registry and store: each answer waits for the world's events (consistency token).
 */
describe('item search by serial number and barcode', function () {
  this.timeout(300_000);
  let harness: QueryServiceHarness;
  let world: InventoryWorld;
  const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

  before(async () => {
    harness = await QueryServiceHarness.start({ QUERY_CONSISTENCY_TIMEOUT_MS: '30000' });
    world = new InventoryWorld('searcher', { locations: 2, parents: 3, children: 1 });
  });
  after(async () => { await harness?.stop(); });

  /** Publishes what the world emitted since the last call; the answers below then wait for it. */
  let published = 0;
  async function publish(): Promise<void> {
    await harness.publish(world.events.slice(published));
    published = world.events.length;
  }

  async function found(query: string): Promise<string[]> {
    const { status, body } = await harness.get<Page>(`/items?${query}`, { 'consistency-token': QueryServiceHarness.tokenFor(world.events) });
    assert.equal(status, 200, JSON.stringify(body));
    return body.items.map(({ id }) => id);
  }

  it('finds an item by its serial number after its registration, by both identifiers after an update, and neither by what it no longer carries', async () => {
    const [item] = world.items;
    await publish();
    assert.deepEqual(await found(`serial=SN-${item!.id}`), [item!.id]);
    assert.deepEqual(await found(`barcode=${unique('none')}`), []);

    const [serial, barcode] = [unique('S'), unique('B')];
    world.identify(item!, serial, barcode);
    await publish();
    assert.deepEqual(await found(`serial=SN-${item!.id}`), [], 'the old serial number');
    assert.deepEqual(await found(`serial=${serial}`), [item!.id]);
    assert.deepEqual(await found(`barcode=${barcode}`), [item!.id]);
    assert.deepEqual(await found(`serial=${serial}&barcode=${barcode}`), [item!.id], 'both');
    assert.deepEqual(await found(`serial=${serial}&barcode=${unique('other')}`), [], 'a serial number and a barcode of no one item');
    assert.deepEqual(await found(`barcode=${barcode}&location=${world.locationIds.find((id) => id !== item!.locationId)}`), [], 'the other filters still apply');

    world.identify(item!, serial, null);
    await publish();
    assert.deepEqual(await found(`barcode=${barcode}`), [], 'a barcode removed');
    assert.deepEqual(await found(`serial=${serial}`), [item!.id]);
  });

  it('reads by `_id` alone, which every store answers without a scan (FerretDB scans for any other filter)', async () => {
    const item = world.items[2]!;
    world.identify(item, item.serialNumber, unique('B'));
    await publish();
    const query = `serial=${item.serialNumber}&barcode=${item.barcode}`;
    assert.deepEqual(await found(query), [item.id], 'once projected (the projection in the service reads through the same client)');
    const sent: Document[] = [];
    const { client } = harness.service.context.mongo;
    const seen = ({ commandName, command }: CommandStartedEvent) => { if (commandName === 'find') sent.push(command); };
    client.on('commandStarted', seen);
    try {
      assert.deepEqual(await found(query), [item.id]);
    } finally {
      client.off('commandStarted', seen);
    }
    const searched = sent.filter(({ find }) => /_(items|item_keys)_g\d+$/.test(String(find)));
    assert.deepEqual(searched.map(({ find }) => String(find).replace(/_g\d+$/, '').replace(/^query_/, '')), ['item_keys', 'items']);
    for (const { find, filter } of searched) {
      const ids = (filter as { _id?: { $in?: unknown } })._id?.$in;
      assert.ok(Array.isArray(ids) && ids.length > 0 && ids.every((id) => typeof id === 'string'), `${String(find)}: ${JSON.stringify(filter)}`);
    }
  });

  it('two items swapping their serial numbers are each found by the other\'s old one', async () => {
    const [a, b] = [world.items[1]!, world.items[2]!];
    const [serialA, serialB] = [a.serialNumber!, b.serialNumber!];
    world.identify(a, unique('spare'), null);
    world.identify(b, serialA, null);
    world.identify(a, serialB, null);
    await publish();
    assert.deepEqual(await found(`serial=${serialA}`), [b.id]);
    assert.deepEqual(await found(`serial=${serialB}`), [a.id]);
  });

  it('pages and exports what the search finds as the contract says; a retired item is found no more', async () => {
    const barcode = unique('shared');
    // The command service refuses a taken barcode; the projection lists both anyway (two partitions).
    const [first, second] = [world.items[0]!, world.items[3]!].sort((x, y) => (x.id < y.id ? -1 : 1)) as [InventoryWorld['items'][number], InventoryWorld['items'][number]];
    world.identify(first, first.serialNumber, barcode);
    world.identify(second, second.serialNumber, barcode);
    await publish();
    const token = { 'consistency-token': QueryServiceHarness.tokenFor(world.events) };
    const page1 = await harness.get<Page>(`/items?barcode=${barcode}&limit=1`, token);
    assert.deepEqual([page1.body.items.map(({ id }) => id), typeof page1.body.nextCursor], [[first.id], 'string']);
    const page2 = await harness.get<Page>(`/items?barcode=${barcode}&limit=1&cursor=${page1.body.nextCursor}`, token);
    assert.deepEqual([page2.body.items.map(({ id }) => id), page2.body.nextCursor], [[second.id], null]);

    const csv = await fetch(`${harness.baseUrl}/api/v1/items?barcode=${barcode}`, { headers: { ...internalAuthHeaders(harness.env.INTERNAL_AUTH_TOKEN!), ...token, accept: 'text/csv' } });
    assert.equal(csv.status, 200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.ok(lines[1]!.startsWith(first.id) && lines[2]!.startsWith(second.id), lines.join('\n'));
    const none = await fetch(`${harness.baseUrl}/api/v1/items?barcode=${unique('none')}`, { headers: { ...internalAuthHeaders(harness.env.INTERNAL_AUTH_TOKEN!), ...token, accept: 'text/csv' } });
    assert.deepEqual([none.status, (await none.text()).trim().split(/\r?\n/).length], [200, 1], 'the header alone');

    assert.ok(world.retire(second));
    await publish();
    assert.deepEqual(await found(`barcode=${barcode}`), [first.id]);
  });
});
