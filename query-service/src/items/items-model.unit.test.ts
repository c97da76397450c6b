import assert from 'node:assert/strict';
import type { InventoryEvent } from '@inventory/contracts';
import { foldModels } from '@inventory/projection';
import fc from 'fast-check';
import { bucketOf, contentsId, type ContentsDoc, type ContentsEntry } from '../contents/contents-index.js';
import { CARRIED_CHILD, InventoryWorld, worldCommandArbitrary } from '../testing/inventory-world.js';
import { delivered, deliveryArbitrary, streamsOf } from '../testing/streams.js';
import type { ItemDoc } from './item-doc.js';
import { itemsModel } from './items-projection.js';

describe('items read model and contents index (pure evolve, no store)', () => {
  it('end where the reference model says, whatever the interleaving of the items\' streams and a replayed stretch; the contents index lists each item once, where it is', () => {
    fc.assert(fc.property(fc.array(worldCommandArbitrary, { maxLength: 14 }), deliveryArbitrary, (commands, { schedule, replay }) => {
      const world = new InventoryWorld('tester', { locations: 4, parents: 2, children: 3 });
      for (const command of [...CARRIED_CHILD, ...commands]) world.run(command);
      assert.ok(world.history.some((row) => row.kind === 'MOVED_WITH_PARENT'), 'the history has a child carried by its parent');

      const folded = foldModels([itemsModel], delivered(streamsOf(world.events), schedule, replay));
      const expectedContents = new Map<string, Record<string, Omit<ContentsEntry, 's'>>>();
      for (const item of world.items) {
        const doc = folded.get('items')!.get(item.id) as ItemDoc;
        const locationId = world.locationOf(item);
        assert.deepEqual({ locationId: doc.locationId, parentId: doc.parentId, version: doc.version, retired: doc.retired }, { locationId, parentId: item.parentId, version: item.version, retired: false }, item.id);
        const id = contentsId(locationId, bucketOf(item.id));
        expectedContents.set(id, { ...expectedContents.get(id), [item.id]: { t: world.itemTypeId, p: item.parentId } });
      }
      const listed = [...folded.get('contents')!.values()].filter((doc) => doc !== null).map((doc) => doc as ContentsDoc).filter((doc) => Object.keys(doc.items).length > 0);
      assert.deepEqual(
        new Map(listed.map((doc) => [doc._id, Object.fromEntries(Object.entries(doc.items).map(([itemId, { t, p }]) => [itemId, { t, p }]))])),
        expectedContents,
      );
    }), { numRuns: 200 });
  });

  it('a retired item leaves the contents index; an update keeps its placement', () => {
    const world = new InventoryWorld('tester', { locations: 2, parents: 1, children: 0 });
    const [item] = world.items;
    const at = new Date(Date.UTC(2024, 1, 1));
    const update: InventoryEvent = { type: 'ItemUpdated', metadata: { ...world.events.at(-1)!.metadata, eventType: 'ItemUpdated', aggregateVersion: 2, occurredAt: at.getTime() }, data: { itemId: item!.id, name: 'renamed', serialNumber: null, barcode: null, attributes: {} } };
    const retire: InventoryEvent = { type: 'ItemRetired', metadata: { ...update.metadata, eventType: 'ItemRetired', aggregateVersion: 3 }, data: { itemId: item!.id, lastLocationId: item!.locationId, reason: null } };
    const updated = foldModels([itemsModel], [...world.events, update]);
    assert.deepEqual([(updated.get('items')!.get(item!.id) as ItemDoc).name, (updated.get('items')!.get(item!.id) as ItemDoc).placement], ['renamed', 1]);
    const retired = foldModels([itemsModel], [retire], updated);
    assert.equal((retired.get('items')!.get(item!.id) as ItemDoc).retired, true);
    assert.deepEqual(retired.get('contents')!.get(contentsId(item!.locationId, bucketOf(item!.id))), { _id: contentsId(item!.locationId, bucketOf(item!.id)), items: {} });
  });
});
