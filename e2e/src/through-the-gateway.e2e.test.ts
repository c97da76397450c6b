import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { encodeConsistencyToken, MAX_BULK_ITEMS, MAX_TOKEN_POSITIONS, type AssignmentResult, type BulkRegisterItemsResult, type InventoryStatusReport, type ItemLocation, type LocationContents, type MoveResult } from '@inventory/contracts';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import { ContractClient } from './contract-client.js';
import { buildWarehouse, registerItem, waitForReadSide, type Warehouse } from './warehouse.js';

/**
 * The whole product through its front door: gateway → command-service → Kafka (Avro) →
 * query-service read models and the reports, every answer checked against the contracts.
 */
describe('end to end through the gateway (all services, real Kafka, registry and document store)', function () {
  let client: ContractClient;
  let warehouse: Warehouse;

  before(async function () {
    // Starting the stack and projecting what earlier suites left on the topics takes a while.
    this.timeout(600_000);
    const stack = await useStack();
    client = new ContractClient(stack.urls.gateway!);
    const { username, password } = localAdminCredentials();
    await client.api.login(username, password);
    warehouse = await buildWarehouse(client, randomUUID().slice(0, 8).toUpperCase(), 4);
    await waitForReadSide(client, `/locations/${warehouse.binIds.at(-1)}`, warehouse.consistencyToken);
    await waitForReadSide(client, '/reports/counts', warehouse.consistencyToken);
  });

  const whereIs = (itemId: string, consistencyToken: string) =>
    client.ok<ItemLocation>('GET', `/items/${itemId}/location`, undefined, { 'Consistency-Token': consistencyToken });

  it('moves a parent with its assigned child, and the read side answers with the new place at once', async function () {
    const [binA, binB] = warehouse.binIds as [string, string];
    const pallet = await registerItem(client, warehouse.palletTypeId, 'PARENT', 'Pallet P-1', binA);
    const laptop = await registerItem(client, warehouse.laptopTypeId, 'CHILD', 'Laptop L-1', binA);
    const assigned = await client.ok<AssignmentResult>('POST', `/items/${laptop.item.id}/assignment`, { parentId: pallet.item.id });
    assert.equal(assigned.assignment.parentId, pallet.item.id);

    const moved = await client.ok<MoveResult>('POST', '/moves', { itemId: pallet.item.id, toLocationId: binB, reason: 'e2e' });
    assert.deepEqual(moved.move.movedChildIds, [laptop.item.id]);

    const childLocation = await whereIs(laptop.item.id, moved.consistencyToken);
    assert.equal(childLocation.locationId, binB, 'the child is where its parent went');
    assert.equal(childLocation.parentId, pallet.item.id);
    assert.deepEqual(childLocation.locationPath.map((node) => node.id), [warehouse.warehouseId, binB]);

    const contents = await client.ok<LocationContents>('GET', `/locations/${binB}/contents?includeChildren=true`, undefined, { 'Consistency-Token': moved.consistencyToken });
    assert.deepEqual(contents.items.map((entry) => entry.item.id).sort(), [pallet.item.id, laptop.item.id].sort());
  });

  it('property 2 (read-your-writes) and 3 (cascade): after any accepted move, where-is answers the new place for the item and every child', async function () {
    const bins = warehouse.binIds;
    const pallet = await registerItem(client, warehouse.palletTypeId, 'PARENT', 'Pallet P-2', bins[0]!);
    const loose = await registerItem(client, warehouse.laptopTypeId, 'CHILD', 'Laptop L-2', bins[0]!);
    const children: string[] = [];
    for (const name of ['Laptop C-1', 'Laptop C-2']) {
      const child = await registerItem(client, warehouse.laptopTypeId, 'CHILD', name, bins[0]!);
      await client.ok('POST', `/items/${child.item.id}/assignment`, { parentId: pallet.item.id });
      children.push(child.item.id);
    }
    const place = new Map([[pallet.item.id, bins[0]!], [loose.item.id, bins[0]!]]);

    await fc.assert(fc.asyncProperty(fc.boolean(), fc.nat({ max: bins.length - 2 }), async (moveParent, offset) => {
      const itemId = moveParent ? pallet.item.id : loose.item.id;
      const from = place.get(itemId)!;
      const to = bins.filter((bin) => bin !== from)[offset]!;
      const moved = await client.ok<MoveResult>('POST', '/moves', { itemId, toLocationId: to });
      place.set(itemId, to);
      assert.equal((await whereIs(itemId, moved.consistencyToken)).locationId, to);
      if (moveParent) {
        assert.deepEqual([...moved.move.movedChildIds].sort(), [...children].sort());
        for (const child of children) assert.equal((await whereIs(child, moved.consistencyToken)).locationId, to);
      }
    }), { numRuns: 100 });
  });

  it('carries the token of a whole bulk request (500 positions) through the gateway to the read side', async function () {
    const [binA] = warehouse.binIds as [string];
    const item = await registerItem(client, warehouse.palletTypeId, 'PARENT', 'Pallet P-4', binA);
    const unapplied = Array.from({ length: MAX_TOKEN_POSITIONS - 1 }, () => ({ aggregateId: randomUUID(), aggregateVersion: 1 }));
    const token = encodeConsistencyToken([{ aggregateId: item.item.id, aggregateVersion: 1 }, ...unapplied]);
    const { status, body } = await client.call<{ code: string }>('GET', `/items/${item.item.id}/location`, undefined, { 'Consistency-Token': token });
    assert.deepEqual([status, body.code], [503, 'CONSISTENCY_TIMEOUT'], 'read, understood and waited on: events nobody wrote are never applied');
  });

  it('imports 500 items in one bulk request past the ordinary body limit, and the read side has every one under the answer\'s token', async function () {
    const own = await buildWarehouse(client, randomUUID().slice(0, 8).toUpperCase(), 1);
    const tag = randomUUID();
    // About 300 bytes a row: the body is past the 100 KB of an ordinary request (BULK_BODY_LIMIT_BYTES applies).
    const items = Array.from({ length: MAX_BULK_ITEMS }, (_, row) => ({
      itemTypeId: own.palletTypeId, kind: 'PARENT', name: `Imported ${row}`, barcode: `IMP-${tag}-${row}`, locationId: own.binIds[0], attributes: { note: 'n'.repeat(200) },
    }));
    assert.ok(JSON.stringify({ items }).length > 100_000);
    const imported = await client.call<BulkRegisterItemsResult>('POST', '/items/bulk', { items });
    assert.equal(imported.status, 200, JSON.stringify(imported.body).slice(0, 500));
    assert.deepEqual(new Set(imported.body.results.map((result) => result.outcome)), new Set(['REGISTERED']));
    assert.equal(imported.headers.get('Consistency-Token'), imported.body.consistencyToken, 'a 500-position token fits the header too');
    const contents = await client.ok<LocationContents>('GET', `/locations/${own.binIds[0]}/contents?limit=500`, undefined, { 'Consistency-Token': imported.body.consistencyToken });
    assert.equal(contents.items.length, MAX_BULK_ITEMS, 'every imported item is at its location at once');
  });

  it('what was here at a past moment: contents?at= lists an item where it was then, not where it is now', async function () {
    const own = await buildWarehouse(client, randomUUID().slice(0, 8).toUpperCase(), 2);
    const [binA, binB] = own.binIds as [string, string];
    const item = await registerItem(client, own.palletTypeId, 'PARENT', 'Pallet T-1', binA);
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const moved = await client.ok<MoveResult>('POST', '/moves', { itemId: item.item.id, toLocationId: binB });
    const after = new Date(new Date(moved.move.occurredAt).getTime() + 1).toISOString();
    const idsAt = async (locationId: string, at: string) => (await client.ok<LocationContents>('GET', `/locations/${locationId}/contents?at=${encodeURIComponent(at)}`, undefined, { 'Consistency-Token': moved.consistencyToken }))
      .items.map((entry) => entry.item.id);
    assert.deepEqual([await idsAt(binA, before), await idsAt(binB, before)], [[item.item.id], []], 'before the move: in bin A');
    assert.deepEqual([await idsAt(binA, after), await idsAt(binB, after)], [[], [item.item.id]], 'after it: in bin B');
    const recursive = await client.ok<LocationContents>('GET', `/locations/${own.warehouseId}/contents?recursive=true&at=${encodeURIComponent(before)}`);
    assert.deepEqual(recursive.items.map((entry) => [entry.item.id, entry.locationId]), [[item.item.id, binA]], 'recursive, with the bin it was directly in');
  });

  it('reports honour Consistency-Token like the queries: the move is counted at once, a foreign token is 400, an unreachable one 503', async function () {
    // A warehouse of its own: its counts are this test's alone.
    const own = await buildWarehouse(client, randomUUID().slice(0, 8).toUpperCase(), 2);
    const [binA, binB] = own.binIds as [string, string];
    const item = await registerItem(client, own.laptopTypeId, 'CHILD', 'Laptop R-1', binA);
    const moved = await client.call<MoveResult>('POST', '/moves', { itemId: item.item.id, toLocationId: binB });
    assert.equal(moved.status, 201);
    assert.equal(moved.headers.get('Consistency-Token'), moved.body.consistencyToken, 'the command answers its token in the header the contract declares');
    const report = await client.ok<InventoryStatusReport>('GET', `/reports/inventory-status?rootId=${own.warehouseId}`, undefined, { 'Consistency-Token': moved.body.consistencyToken });
    const countAt = (locationId: string) => report.locations.find((row) => row.locationId === locationId)?.itemCount;
    assert.deepEqual([countAt(binA), countAt(binB)], [0, 1], 'the report has applied the move its token names');

    for (const foreign of ['not a token', 'AAAA', moved.body.consistencyToken.slice(0, -3)]) {
      const refused = await client.call<{ code: string }>('GET', '/reports/counts', undefined, { 'Consistency-Token': foreign });
      assert.deepEqual([refused.status, refused.body.code], [400, 'INVALID_CONSISTENCY_TOKEN'], foreign);
    }
    const ahead = encodeConsistencyToken([{ aggregateId: item.item.id, aggregateVersion: 1_000_000 }]);
    const late = await client.call<{ code: string }>('GET', '/reports/movements?from=2020-01-01T00:00:00.000Z&to=2020-01-02T00:00:00.000Z', undefined, { 'Consistency-Token': ahead });
    assert.deepEqual([late.status, late.body.code], [503, 'CONSISTENCY_TIMEOUT'], 'events nobody wrote are never applied');
  });

  it('refuses a move of an assigned child on its own, in the envelope, and changes nothing', async function () {
    const [binA, binB] = warehouse.binIds as [string, string];
    const pallet = await registerItem(client, warehouse.palletTypeId, 'PARENT', 'Pallet P-3', binA);
    const child = await registerItem(client, warehouse.laptopTypeId, 'CHILD', 'Laptop L-3', binA);
    const assigned = await client.ok<AssignmentResult>('POST', `/items/${child.item.id}/assignment`, { parentId: pallet.item.id });
    const refused = await client.call<{ code: string }>('POST', '/moves', { itemId: child.item.id, toLocationId: binB });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'CHILD_ASSIGNED_MOVE_REFUSED');
    assert.equal((await whereIs(child.item.id, assigned.consistencyToken)).locationId, binA);
  });
});
