import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { seedWarehouse, useTestService } from '../testing/service.js';

const ROUNDS = 12;
/** The moves start 0 to 15 ms after the change, so that each side wins some rounds and they overlap in between. */
const movesLag = (round: number) => new Promise((resolve) => setTimeout(resolve, (round % 4) * 5));

/**
 * A location type's rule change racing placements into its locations (rules-fence.ts): whichever wins,
 * no location ever ends up breaking the rule its type has afterwards.
 */
describe('location type changes racing moves into its locations (real store)', function () {
  this.timeout(300_000);
  const suite = useTestService();
  const call = (method: string, path: string, body?: unknown) => suite.service.call(method, path, body);

  it('capacity lowered while items move in: never more items than the capacity the type ends with', async () => {
    let lowered = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const { locationTypeId, locationIds: [, bay], itemIds } = await seedWarehouse(suite.service, { capacity: 10, items: 6, kind: 'CHILD' });
      for (const itemId of itemIds.slice(0, 3)) assert.equal((await call('POST', '/api/v1/moves', { itemId, toLocationId: bay })).status, 201);
      const [patch, ...moves] = await Promise.all([
        call('PATCH', `/api/v1/location-types/${locationTypeId}`, { capacity: 3 + (round % 2) }),
        ...itemIds.slice(3).map(async (itemId) => { await movesLag(round); return call('POST', '/api/v1/moves', { itemId, toLocationId: bay }); }),
      ]);
      assert.ok([200, 409].includes(patch!.status), JSON.stringify(patch!.body));
      if (patch!.status === 409) assert.ok(['LOCATION_TYPE_IN_USE', 'CONCURRENT_MODIFICATION'].includes(patch!.body.code), JSON.stringify(patch!.body));
      else lowered += 1;
      assert.ok(moves.every((move) => move.status === 201 || ['CAPACITY_EXCEEDED', 'CONCURRENT_MODIFICATION'].includes(move.body.code)), JSON.stringify(moves.map((move) => move.body)));
      const type = (await suite.model.locationTypes.findOne({ _id: locationTypeId }))!;
      const inside = await suite.model.items.countDocuments({ locationId: bay!, deleted: false });
      const location = (await suite.model.locations.findOne({ _id: bay! }))!;
      assert.ok(inside <= type.capacity!, `round ${round}: ${inside} items in a location of capacity ${type.capacity}`);
      assert.equal(location.occupancy, inside, `round ${round}: occupancy counts what is there`);
      assert.equal(type.pendingRules ?? null, null, 'the change is settled either way');
    }
    assert.ok(lowered > 0, 'some rounds lowered the capacity');
  });

  it('an item type disallowed while items of it move in: never an item of a type its location does not allow', async () => {
    let narrowed = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const tag = randomUUID().slice(0, 6);
      const [kept, dropped] = await Promise.all([`kept ${tag}`, `dropped ${tag}`].map(async (name) => (await call('POST', '/api/v1/item-types', { name })).body.itemType.id as string));
      const [yardType, bayType] = await Promise.all([
        call('POST', '/api/v1/location-types', { name: `yard ${tag}` }),
        call('POST', '/api/v1/location-types', { name: `bay ${tag}`, allowedItemTypeIds: [kept, dropped] }),
      ]).then((answers) => answers.map((answer) => answer.body.locationType.id as string));
      const yard = (await call('POST', '/api/v1/locations', { code: `Y-${tag}`, name: 'yard', locationTypeId: yardType })).body.location.id as string;
      const bay = (await call('POST', '/api/v1/locations', { code: `B-${tag}`, name: 'bay', locationTypeId: bayType })).body.location.id as string;
      const items: string[] = [];
      for (let n = 0; n < 4; n += 1) items.push((await call('POST', '/api/v1/items', { itemTypeId: dropped, kind: 'CHILD', name: `item ${n}`, locationId: yard })).body.item.id);
      const [patch, ...moves] = await Promise.all([
        call('PATCH', `/api/v1/location-types/${bayType}`, { allowedItemTypeIds: [kept] }),
        ...items.map(async (itemId) => { await movesLag(round); return call('POST', '/api/v1/moves', { itemId, toLocationId: bay }); }),
      ]);
      assert.ok([200, 409].includes(patch!.status), JSON.stringify(patch!.body));
      if (patch!.status === 200) narrowed += 1;
      assert.ok(moves.every((move) => move.status === 201 || ['ITEM_TYPE_NOT_ALLOWED', 'CONCURRENT_MODIFICATION'].includes(move.body.code)), JSON.stringify(moves.map((move) => move.body)));
      const type = (await suite.model.locationTypes.findOne({ _id: bayType }))!;
      const inside = await suite.model.items.find({ locationId: bay, deleted: false }).toArray();
      for (const item of inside) assert.ok(type.allowedItemTypeIds!.includes(item.itemTypeId), `round ${round}: item ${item._id} of type ${item.itemTypeId} at a location allowing ${type.allowedItemTypeIds}`);
      assert.equal(type.pendingRules ?? null, null, 'the change is settled either way');
    }
    assert.ok(narrowed > 0, 'some rounds narrowed the allow-list');
  });
});
