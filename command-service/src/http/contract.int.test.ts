import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ROUTES, decodeConsistencyToken } from '@inventory/contracts';
import { routeOf } from '@inventory/contracts/testing';
import { startTestService, type TestService } from '../testing/service.js';

/** The routes the gateway forwards here: every state-changing route it does not answer itself. */
const COMMAND_ROUTES = ROUTES.filter((route) => route.command && route.tag !== 'auth' && route.tag !== 'users').map((route) => route.operationId);

describe('command responses follow the route contracts (real broker, registry and store)', function () {
  this.timeout(120_000);
  let service: TestService;
  const answered = new Set<string>();
  /** A call that must succeed; TestService.call already parsed the body with the route's response schema. */
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await service.call(method, path, body);
    assert.ok(answer.status < 400, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    answered.add(routeOf(method, path).operationId);
    return answer.body;
  };

  before(async () => { service = await startTestService(); });
  after(async () => { await service?.stop(); });

  it('every command route answers with its contract status and schema, carrying what the command did', async () => {
    const tag = randomUUID().slice(0, 6);
    const laptop = (await ok('POST', '/api/v1/item-types', { name: `laptop ${tag}`, attributesSchema: { type: 'object', properties: { ram: { type: 'string' } } } })).itemType;
    assert.deepEqual([laptop.version, laptop.attributesSchema.type], [1, 'object']);
    const spare = (await ok('PATCH', `/api/v1/item-types/${(await ok('POST', '/api/v1/item-types', { name: `spare ${tag}` })).itemType.id}`, { name: `spare2 ${tag}` })).itemType;
    assert.deepEqual([spare.name, spare.version], [`spare2 ${tag}`, 2]);
    const bay = (await ok('POST', '/api/v1/location-types', { name: `bay ${tag}`, capacity: 10 })).locationType;
    const renamedBay = (await ok('PATCH', `/api/v1/location-types/${bay.id}`, { capacity: 20 })).locationType;
    assert.deepEqual([renamedBay.capacity, renamedBay.version, renamedBay.createdAt], [20, 2, bay.createdAt]);

    const [hall, dock] = [(await ok('POST', '/api/v1/locations', { code: `H-${tag}`, name: 'hall', locationTypeId: bay.id })).location, (await ok('POST', '/api/v1/locations', { code: `D-${tag}`, name: 'dock', locationTypeId: bay.id })).location];
    const shelf = (await ok('POST', '/api/v1/locations', { code: `S-${tag}`, name: 'shelf', locationTypeId: bay.id, parentLocationId: hall.id })).location;
    assert.equal((await ok('PATCH', `/api/v1/locations/${shelf.id}`, { name: 'top shelf' })).location.parentLocationId, hall.id);

    const pallet = (await ok('POST', '/api/v1/items', { itemTypeId: laptop.id, kind: 'PARENT', name: 'pallet', locationId: hall.id })).item;
    const child = (await ok('POST', '/api/v1/items', { itemTypeId: laptop.id, kind: 'CHILD', name: 'laptop', serialNumber: `SN-${tag}`, attributes: { ram: '16' }, locationId: hall.id })).item;
    assert.deepEqual([child.serialNumber, child.locationId, child.parentId, child.version], [`SN-${tag}`, hall.id, null, 1]);
    const assigned = await ok('POST', `/api/v1/items/${child.id}/assignment`, { parentId: pallet.id });
    assert.deepEqual(assigned.assignment, { childId: child.id, parentId: pallet.id, locationId: hall.id });
    const renamed = (await ok('PATCH', `/api/v1/items/${child.id}`, { name: 'laptop 2' })).item;
    assert.deepEqual([renamed.name, renamed.locationId, renamed.parentId], ['laptop 2', hall.id, pallet.id], 'an assigned child is where its parent is');

    const moved = await ok('POST', '/api/v1/moves', { itemId: pallet.id, toLocationId: dock.id });
    assert.deepEqual([moved.move.fromLocationId, moved.move.toLocationId, moved.move.movedChildIds], [hall.id, dock.id, [child.id]]);
    assert.deepEqual(decodeConsistencyToken(moved.consistencyToken), [{ aggregateId: pallet.id, aggregateVersion: 2 }, { aggregateId: child.id, aggregateVersion: 3 }], 'the carried child as it stood: registered, assigned, renamed');
    const bulk = await ok('POST', '/api/v1/moves/bulk', { moves: [{ itemId: pallet.id, toLocationId: hall.id }, { itemId: child.id, toLocationId: dock.id }] });
    assert.deepEqual(bulk.results.map((result: { outcome: string }) => result.outcome), ['MOVED', 'REJECTED']);
    assert.equal(bulk.results[1].problem.code, 'CHILD_ASSIGNED_MOVE_REFUSED');
    const imported = await ok('POST', '/api/v1/items/bulk', { items: [{ itemTypeId: laptop.id, kind: 'CHILD', name: 'imported', locationId: dock.id }, { itemTypeId: laptop.id, kind: 'CHILD', name: 'twin', serialNumber: `SN-${tag}`, locationId: dock.id }] });
    assert.deepEqual(imported.results.map((result: { outcome: string; problem?: { code: string } }) => result.problem?.code ?? result.outcome), ['REGISTERED', 'DUPLICATE_SERIAL']);
    assert.deepEqual(decodeConsistencyToken(imported.consistencyToken), [{ aggregateId: imported.results[0].item.id, aggregateVersion: 1 }]);
    const released = await ok('DELETE', `/api/v1/items/${child.id}/assignment`);
    assert.deepEqual(released.assignment, { childId: child.id, parentId: pallet.id, locationId: hall.id });

    await ok('DELETE', `/api/v1/items/${child.id}`);
    await ok('DELETE', `/api/v1/locations/${shelf.id}`);
    await ok('DELETE', `/api/v1/item-types/${spare.id}`);
    await ok('DELETE', `/api/v1/location-types/${(await ok('POST', '/api/v1/location-types', { name: `unused ${tag}` })).locationType.id}`);
    assert.deepEqual([...answered].sort(), [...COMMAND_ROUTES].sort());
  });

  it('a bulk request where nothing moves still answers with a token: the versions its refusals were judged against', async () => {
    const tag = randomUUID().slice(0, 6);
    const type = (await ok('POST', '/api/v1/item-types', { name: `box ${tag}` })).itemType;
    const yard = (await ok('POST', '/api/v1/location-types', { name: `yard ${tag}` })).locationType;
    const here = (await ok('POST', '/api/v1/locations', { code: `Y-${tag}`, name: 'yard', locationTypeId: yard.id })).location;
    const box = (await ok('POST', '/api/v1/items', { itemTypeId: type.id, kind: 'PARENT', name: 'box', locationId: here.id })).item;
    const bulk = await ok('POST', '/api/v1/moves/bulk', { moves: [{ itemId: box.id, toLocationId: here.id }, { itemId: randomUUID(), toLocationId: here.id }] });
    assert.deepEqual(bulk.results.map((result: { problem: { code: string } }) => result.problem.code), ['NO_OP_MOVE', 'ITEM_NOT_FOUND']);
    assert.deepEqual(decodeConsistencyToken(bulk.consistencyToken), [{ aggregateId: box.id, aggregateVersion: 1 }]);
  });
});
