import assert from 'node:assert/strict';
import type { InventoryEvent } from '@inventory/contracts';
import { foldModels } from '@inventory/projection';
import fc from 'fast-check';
import { bucketOf, contentsId, type ContentsDoc, type ContentsEntry } from '../contents/contents-index.js';
import { InventoryWorld, type WorldCommand } from '../testing/inventory-world.js';
import { delivered, deliveryArbitrary } from '../testing/streams.js';
import type { ItemDoc } from './item-doc.js';
import { itemsModel } from './items-projection.js';

const commandArbitrary: fc.Arbitrary<WorldCommand> = fc.oneof(
  fc.record({ op: fc.constant('move' as const), item: fc.nat(4), to: fc.nat(3) }),
  fc.record({ op: fc.constant('assign' as const), child: fc.nat(4), parent: fc.nat(4) }),
  fc.record({ op: fc.constant('release' as const), child: fc.nat(4) }),
);

/**
 * Every run assigns a child and moves its parent first (items 0-1 are parents, 2-4 children), so
 * each history has a child carried by its parent's move whatever the generated commands do.
 */
const CARRIED: WorldCommand[] = [{ op: 'assign', child: 2, parent: 0 }, { op: 'move', item: 0, to: 1 }];

/** Each aggregate's events in order: what one partition key delivers. */
function streamsOf(events: readonly InventoryEvent[]): InventoryEvent[][] {
  const streams = new Map<string, InventoryEvent[]>();
  for (const event of events) {
    const stream = streams.get(event.metadata.aggregateId) ?? [];
    streams.set(event.metadata.aggregateId, [...stream, event]);
  }
  return [...streams.values()];
}

describe('items read model and contents index (pure evolve, no store)', () => {
  it('end where the reference model says, whatever the interleaving of the items\' streams and a replayed stretch; the contents index lists each item once, where it is', () => {
    fc.assert(fc.property(fc.array(commandArbitrary, { maxLength: 14 }), deliveryArbitrary, (commands, { schedule, replay }) => {
      const world = new InventoryWorld('tester', { locations: 4, parents: 2, children: 3 });
      for (const command of [...CARRIED, ...commands]) world.run(command);
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
