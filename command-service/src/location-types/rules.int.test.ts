import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useTestService } from '../testing/service.js';

describe('location type rules through the real service (real broker, registry and store)', function () {
  this.timeout(120_000);
  const suite = useTestService();
  const call = (method: string, path: string, body?: unknown) => suite.service.call(method, path, body);

  it('a type change its locations would break is refused with LOCATION_TYPE_IN_USE; a partial PATCH validates only what it changes', async () => {
    const tag = randomUUID().slice(0, 6);
    const [laptop, pallet] = [(await call('POST', '/api/v1/item-types', { name: `laptop ${tag}` })).body.itemType.id, (await call('POST', '/api/v1/item-types', { name: `pallet ${tag}` })).body.itemType.id];
    const shelf = (await call('POST', '/api/v1/location-types', { name: `shelf ${tag}`, capacity: 3, allowedItemTypeIds: [laptop, pallet] })).body.locationType.id;
    const location = (await call('POST', '/api/v1/locations', { code: `S-${tag}`, name: 'shelf', locationTypeId: shelf })).body.location.id;
    const parent = (await call('POST', '/api/v1/items', { itemTypeId: pallet, kind: 'PARENT', name: 'pallet', locationId: location })).body.item.id;
    const child = (await call('POST', '/api/v1/items', { itemTypeId: laptop, kind: 'CHILD', name: 'laptop', locationId: location })).body.item.id;
    assert.equal((await call('POST', `/api/v1/items/${child}/assignment`, { parentId: parent })).status, 201);

    const partial = await call('PATCH', `/api/v1/location-types/${shelf}`, { capacity: 4 });
    assert.deepEqual([partial.status, partial.body.locationType?.capacity], [200, 4], JSON.stringify(partial.body));
    for (const [body, what] of [[{ capacity: 1 }, 'capacity below occupancy'], [{ allowedItemTypeIds: [laptop] }, 'a standalone pallet'], [{ allowedItemTypeIds: [pallet] }, 'an assigned laptop']] as const) {
      const refused = await call('PATCH', `/api/v1/location-types/${shelf}`, body);
      assert.deepEqual([refused.status, refused.body.code], [409, 'LOCATION_TYPE_IN_USE'], what);
    }
    assert.equal((await call('PATCH', `/api/v1/location-types/${shelf}`, { capacity: 2, allowedItemTypeIds: [laptop, pallet] })).status, 200);
  });

  it('no sub-location is created under an inactive location: LOCATION_INACTIVE, as for a move into it', async () => {
    const tag = randomUUID().slice(0, 6);
    const room = (await call('POST', '/api/v1/location-types', { name: `room ${tag}` })).body.locationType.id;
    const closed = (await call('POST', '/api/v1/locations', { code: `C-${tag}`, name: 'closed', locationTypeId: room })).body.location.id;
    assert.equal((await call('PATCH', `/api/v1/locations/${closed}`, { active: false })).status, 200);
    const refused = await call('POST', '/api/v1/locations', { code: `B-${tag}`, name: 'bin', locationTypeId: room, parentLocationId: closed });
    assert.deepEqual([refused.status, refused.body.code], [422, 'LOCATION_INACTIVE']);
  });
});
