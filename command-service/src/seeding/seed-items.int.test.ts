import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TOPICS, type ItemMoved, type ItemRegistered } from '@inventory/contracts';
import { seedWarehouse, useTestService, watchTopic } from '../testing/service.js';
import { seedItems, type SeededItem } from './seed-items.js';

const metadata = (eventType: string, aggregateId: string, aggregateVersion: number, occurredAt: number) =>
  ({ eventId: randomUUID(), eventType, aggregateId, aggregateVersion, occurredAt, actorId: 'seeder', correlationId: randomUUID(), causationId: null });

/** An item registered at `path[0]` and moved along the rest of it. */
function history(itemTypeId: string, path: string[], serialNumber: string): SeededItem {
  const itemId = randomUUID();
  const registration: ItemRegistered = {
    type: 'ItemRegistered', metadata: metadata('ItemRegistered', itemId, 1, Date.UTC(2025, 0, 1)),
    data: { itemId, itemTypeId, kind: 'PARENT', name: 'seeded', serialNumber, barcode: null, attributes: {}, locationId: path[0]! },
  };
  const moves: ItemMoved[] = path.slice(1).map((to, n) => ({
    type: 'ItemMoved', metadata: metadata('ItemMoved', itemId, n + 2, Date.UTC(2025, 0, 2 + n)),
    data: { itemId, fromLocationId: path[n]!, toLocationId: to, reason: null, movedChildIds: [] },
  }));
  return { registration, moves };
}

describe('seeding the command write model', () => {
  const suite = useTestService();

  it('leaves seeded items where their moves took them, counted, claimed and movable by the next command', async () => {
    const { service, model } = suite;
    const { itemTypeId, locationIds: [a, b, c] } = await seedWarehouse(service, { locations: 3, items: 0 });
    const serial = `SEED-${randomUUID()}`;
    const items = [history(itemTypeId, [a!, b!, a!], serial), history(itemTypeId, [a!], `${serial}-2`), history(itemTypeId, [b!, c!], `${serial}-3`)];
    assert.equal(await seedItems(model, items), 3);
    const occupancy = async () => Object.fromEntries((await model.locations.find({ _id: { $in: [a!, b!, c!] } }).toArray()).map((doc) => [doc._id, doc.occupancy]));
    assert.deepEqual(await occupancy(), { [a!]: 2, [b!]: 0, [c!]: 1 });
    assert.equal((await model.itemTypes.findOne({ _id: itemTypeId }))?.usage, 3);

    // The first item (version 3, at a) moves on like any other: its next event is version 4, no gap for the projections.
    const stream = await watchTopic(TOPICS.items);
    const moved = await service.call('POST', '/api/v1/moves', { itemId: items[0]!.registration.data.itemId, toLocationId: c });
    assert.equal(moved.status, 201);
    assert.equal(moved.body.move.fromLocationId, a);
    const doc = await model.items.findOne({ _id: items[0]!.registration.data.itemId });
    assert.equal(doc?.version, 4);
    try {
      const published = await stream.until((events) => events.some((event) => event.metadata.aggregateId === doc?._id), 120_000);
      assert.deepEqual(published.filter((event) => event.metadata.aggregateId === doc?._id).map((event) => [event.type, event.metadata.aggregateVersion]), [['ItemMoved', 4]]);
    } finally {
      await stream.stop();
    }
    assert.deepEqual(await occupancy(), { [a!]: 1, [b!]: 0, [c!]: 2 });

    // Its serial number is taken, and the locations holding seeded items cannot be deleted.
    const duplicate = await service.call('POST', '/api/v1/items', { itemTypeId, kind: 'PARENT', name: 'copy', locationId: b, serialNumber: serial });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'DUPLICATE_SERIAL');
    assert.equal((await service.call('DELETE', `/api/v1/locations/${c}`)).body.code, 'HAS_DEPENDANTS');
  });
});
