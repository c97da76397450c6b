import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeConsistencyToken } from '@inventory/contracts';
import { seedWarehouse, useTestService } from '../testing/service.js';

describe('bulk registration of items (real store)', function () {
  this.timeout(120_000);
  const suite = useTestService();

  it('registers or refuses each item on its own, in request order: a taken serial, a full bay, an unknown location', async () => {
    const capacity = 3;
    const { itemTypeId, locationIds: [yard, bay] } = await seedWarehouse(suite.service, { capacity, locations: 2, items: 0 });
    const serial = `SN-${randomUUID()}`;
    const items = [
      { itemTypeId, kind: 'PARENT', name: 'first with the serial', serialNumber: serial, locationId: yard },
      { itemTypeId, kind: 'PARENT', name: 'second with the serial', serialNumber: serial, locationId: yard },
      ...Array.from({ length: capacity + 2 }, (_, n) => ({ itemTypeId, kind: 'PARENT', name: `bay row ${n}`, locationId: bay })),
      { itemTypeId, kind: 'PARENT', name: 'nowhere', locationId: randomUUID() },
    ];
    const { status, body, headers } = await suite.service.call('POST', '/api/v1/items/bulk', { items });
    assert.equal(status, 200, JSON.stringify(body));
    const outcomes = body.results.map((result: { index: number; outcome: string; problem?: { code: string } }) => result.problem?.code ?? result.outcome);
    assert.deepEqual(outcomes, ['REGISTERED', 'DUPLICATE_SERIAL', ...Array(capacity).fill('REGISTERED'), 'CAPACITY_EXCEEDED', 'CAPACITY_EXCEEDED', 'LOCATION_NOT_FOUND']);
    assert.deepEqual(body.results.map((result: { index: number }) => result.index), items.map((_, index) => index));

    const registered = body.results.filter((result: { outcome: string }) => result.outcome === 'REGISTERED');
    assert.equal(registered[0].item.serialNumber, serial);
    const stored = await suite.model.items.find({ _id: { $in: registered.map((result: { item: { id: string } }) => result.item.id) } }).toArray();
    assert.equal(stored.length, capacity + 1, 'every registered item is in the write model');
    assert.equal((await suite.model.locations.findOne({ _id: bay }))?.occupancy, capacity, 'refused rows took no room');

    const positions = decodeConsistencyToken(body.consistencyToken);
    assert.deepEqual(new Set(positions?.map(({ aggregateId }) => aggregateId)), new Set(stored.map(({ _id }) => _id)), 'the token names each registered item');
    assert.equal(headers.get('consistency-token'), body.consistencyToken);
  });

  it('refuses the whole request when an item is not a valid registration, naming the row', async () => {
    const { itemTypeId, locationIds: [yard] } = await seedWarehouse(suite.service, { locations: 1, items: 0 });
    const { status, body } = await suite.service.call('POST', '/api/v1/items/bulk', {
      items: [{ itemTypeId, kind: 'PARENT', name: 'fine', locationId: yard }, { itemTypeId, kind: 'PARENT', name: '', locationId: yard }],
    });
    assert.equal(status, 400);
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.ok(body.errors.some((error: { pointer: string }) => error.pointer.startsWith('/items/1/name')), JSON.stringify(body.errors));
    assert.equal(await suite.model.items.countDocuments({ itemTypeId }), 0, 'nothing registered');
  });
});
