import assert from 'node:assert/strict';
import { foldModels, type ModelDocuments } from '@inventory/projection';
import fc from 'fast-check';
import { InventoryWorld, worldCommandArbitrary, type WorldCommand } from '../testing/inventory-world.js';
import { delivered, deliveryArbitrary, streamsOf } from '../testing/streams.js';
import { barcodeKey, ITEM_KEYS, itemKeysModel, serialKey, type ItemKeysDoc } from './item-keys.js';
import { itemsProjection } from './items-projection.js';

/** Few values, so items take each other's, swap them and carry one at once (transiently, across partitions). */
const value = fc.option(fc.constantFrom('A', 'B', 'C'), { nil: null });
type KeyCommand = { op: 'identify'; item: number; serialNumber: string | null; barcode: string | null } | { op: 'retire'; item: number };
const commandArbitrary: fc.Arbitrary<WorldCommand | KeyCommand> = fc.oneof(
  worldCommandArbitrary,
  fc.record({ op: fc.constant('identify' as const), item: fc.nat(4), serialNumber: value, barcode: value }),
  fc.record({ op: fc.constant('retire' as const), item: fc.nat(4) }),
);

function run(world: InventoryWorld, command: WorldCommand | KeyCommand): void {
  if (command.op === 'identify') world.identify(world.items[command.item]!, command.serialNumber, command.barcode);
  else if (command.op === 'retire') world.retire(world.items[command.item]!);
  else world.run(command);
}

/** What readers must find: each key's items, as the items' own last events say. */
function expectedKeys(world: InventoryWorld): Map<string, string[]> {
  const expected = new Map<string, string[]>();
  for (const item of world.items.filter(({ retired }) => !retired)) {
    const keys = [item.serialNumber !== null && serialKey(item.serialNumber), item.barcode !== null && barcodeKey(item.barcode)];
    for (const key of keys) if (key) expected.set(key, [...(expected.get(key) ?? []), item.id].sort());
  }
  return expected;
}

const keysIn = (documents: ModelDocuments): Map<string, string[]> => new Map([...(documents.get(ITEM_KEYS)?.values() ?? [])]
  .filter((doc) => doc !== null).map((doc) => [doc._id, (doc as ItemKeysDoc).itemIds]));

describe('item keys read model (pure evolve, no store)', () => {
  it('lists each serial number and barcode under exactly the items that carry it, whatever the interleaving of the items\' streams and a replayed stretch', () => {
    fc.assert(fc.property(fc.array(commandArbitrary, { maxLength: 16 }), deliveryArbitrary, (commands, { schedule, replay }) => {
      const world = new InventoryWorld('tester', { locations: 3, parents: 2, children: 3 });
      for (const command of commands) run(world, command);
      const folded = foldModels(itemsProjection.models, delivered(streamsOf(world.events), schedule, replay));
      assert.deepEqual(keysIn(folded), expectedKeys(world));
    }), { numRuns: 300 });
  });

  it('two items swapping a value end listed under their new ones, whichever update is projected first', () => {
    for (const order of ['first', 'second'] as const) {
      const world = new InventoryWorld('tester', { locations: 2, parents: 2, children: 0 });
      const [a, b] = world.items as [InventoryWorld['items'][number], InventoryWorld['items'][number]];
      const [serialA, serialB] = [a.serialNumber!, b.serialNumber!];
      world.identify(a, null, 'X');
      world.identify(b, serialA, null);
      world.identify(a, serialB, 'X');
      const [registrations, updates] = [world.events.slice(0, -3), world.events.slice(-3)];
      const delivery = order === 'first' ? updates : [updates[1]!, updates[0]!, updates[2]!];
      const folded = foldModels(itemsProjection.models, [...registrations, ...delivery]);
      assert.deepEqual(keysIn(folded), new Map([[serialKey(serialA), [b.id]], [serialKey(serialB), [a.id]], [barcodeKey('X'), [a.id]]]), order);
    }
  });

  it('a replay of an event the item has seen lists it under what it carries (a crash wrote the item, not its keys)', () => {
    const world = new InventoryWorld('tester', { locations: 2, parents: 1, children: 0 });
    const [item] = world.items;
    world.identify(item!, 'S', 'B');
    const [update] = world.events.slice(-1);
    const beforeCrash = foldModels(itemsProjection.models, world.events.slice(0, -1));
    const itemOnly = foldModels(itemsProjection.models.filter((model) => model !== itemKeysModel), [update!], beforeCrash);
    assert.deepEqual(keysIn(itemOnly), new Map([[serialKey(`SN-${item!.id}`), [item!.id]]]));
    assert.deepEqual(keysIn(foldModels(itemsProjection.models, [update!], itemOnly)), new Map([[serialKey(`SN-${item!.id}`), [item!.id]], [serialKey('S'), [item!.id]], [barcodeKey('B'), [item!.id]]]));
  });
});
