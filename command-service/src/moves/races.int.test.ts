import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { seedWarehouse, startTestService, type TestService } from '../testing/service.js';

/** Conflicting commands sent at once: the invariants must hold with no transactions to lean on. */
describe('concurrent commands (real store)', function () {
  this.timeout(120_000);
  let service: TestService;
  before(async () => { service = await startTestService(); });
  after(async () => { await service?.stop(); });

  it('N parallel moves into a location of capacity k: exactly k accepted, the rest CAPACITY_EXCEEDED', async () => {
    const capacity = 3;
    const { locationIds: [, full], itemIds } = await seedWarehouse(service, { capacity, items: 12 });
    const answers = await Promise.all(itemIds.map((itemId) => service.call('POST', '/api/v1/moves', { itemId, toLocationId: full })));
    assert.equal(answers.filter((answer) => answer.status === 201).length, capacity);
    assert.deepEqual(new Set(answers.filter((answer) => answer.status !== 201).map((answer) => answer.body.code)), new Set(['CAPACITY_EXCEEDED']));
  });

  it('one child assigned to two parents at once: exactly one wins', async () => {
    const { itemTypeId, locationIds: [here], itemIds: [parentA, parentB] } = await seedWarehouse(service, { items: 2 });
    for (let round = 0; round < 5; round += 1) {
      const child = await service.call('POST', '/api/v1/items', { itemTypeId, kind: 'CHILD', name: `child ${round}`, locationId: here });
      const answers = await Promise.all([parentA, parentB].map((parentId) => service.call('POST', `/api/v1/items/${child.body.item.id}/assignment`, { parentId })));
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 409], JSON.stringify(answers.map((a) => a.body)));
    }
  });

  it('locations re-parented at once in a ring (A under B, B under C, C under A): never a cycle', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { locationIds } = await seedWarehouse(service, { locations: 3, items: 0 });
      const answers = await Promise.all(locationIds.map((locationId, n) => service.call('PATCH', `/api/v1/locations/${locationId}`, { parentLocationId: locationIds[(n + 1) % 3] })));
      assert.ok(answers.every((answer) => answer.status === 200 || ['LOCATION_CYCLE', 'CONCURRENT_MODIFICATION'].includes(answer.body.code)), JSON.stringify(answers.map((a) => a.body)));
      assert.ok(answers.some((answer) => answer.status === 200), 'one of them at least goes through');
      const client = await new MongoClient(service.env.MONGODB_URI!).connect();
      try {
        const parents = new Map((await client.db(service.database).collection('locations').find({ _id: { $in: locationIds as never[] } }).toArray()).map((location) => [location._id as unknown as string, location.parentLocationId as string | null]));
        for (const start of locationIds) {
          const seen = new Set<string>();
          for (let at: string | null | undefined = start; at && parents.has(at); at = parents.get(at)) {
            assert.ok(!seen.has(at), `a cycle through ${at}`);
            seen.add(at);
          }
        }
      } finally {
        await client.close();
      }
    }
  });

  it('deleting a location while items race into it: never an item in a deleted location', async () => {
    const { locationIds: [, target], itemIds } = await seedWarehouse(service, { capacity: 100, items: 8 });
    const [deleted, ...moves] = await Promise.all([
      service.call('DELETE', `/api/v1/locations/${target}`),
      ...itemIds.map((itemId) => service.call('POST', '/api/v1/moves', { itemId, toLocationId: target })),
    ]);
    const client = await new MongoClient(service.env.MONGODB_URI!).connect();
    try {
      const db = client.db(service.database);
      const inside = await db.collection('items').countDocuments({ locationId: target, deleted: false });
      const location = await db.collection('locations').findOne({ _id: target as never });
      if (deleted!.status === 200) {
        assert.equal(inside, 0);
        assert.ok(moves.every((move) => move.status !== 201));
      } else {
        assert.equal(deleted!.body.code, 'HAS_DEPENDANTS');
        assert.equal(location?.occupancy, inside);
      }
      assert.equal(inside, moves.filter((move) => move.status === 201).length);
    } finally {
      await client.close();
    }
  });
});
