import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Command } from '../testing/world.js';
import { emptyWorld } from '../domain/state.js';
import { commandSequence, updateLocationTypeCommand } from '../testing/arbitraries.js';
import { expectedLocationTypeUpdateError } from '../testing/reference.js';
import { finalWorld, runCommands, snapshot } from '../testing/run.js';
import { assertDecidesLikeReference } from '../testing/run.js';
import { decideUpdateLocationType } from './decider.js';

const RUNS = { numRuns: 300 };

/** A shelf for laptops with room for 2, holding one laptop. */
const shelfWithLaptop: Command[] = [
  { type: 'DefineItemType', itemTypeId: 'laptop', name: 'laptop', attributesSchema: null },
  { type: 'DefineItemType', itemTypeId: 'pallet', name: 'pallet', attributesSchema: null },
  { type: 'DefineLocationType', locationTypeId: 'shelf', name: 'shelf', allowedItemTypeIds: ['laptop', 'pallet'], capacity: 2 },
  { type: 'CreateLocation', locationId: 's1', code: 'S-1', name: 'shelf 1', locationTypeId: 'shelf', parentLocationId: null },
  { type: 'RegisterItem', itemId: 'l1', itemTypeId: 'laptop', kind: 'PARENT', name: 'laptop 1', serialNumber: null, barcode: null, attributes: {}, locationId: 's1' },
];

const codeOf = (decision: ReturnType<typeof decideUpdateLocationType>) => (decision.ok ? 'accepted' : decision.code);

describe('location types: decide', () => {
  it('every command is refused exactly when the reference model says so, with its code (along random sequences)', () => {
    assertDecidesLikeReference(['DefineLocationType', 'UpdateLocationType', 'RemoveLocationType']);
  });

  it('refuses a capacity below what a location of the type holds, and a narrower allow-list that drops a held type', () => {
    const world = finalWorld(shelfWithLaptop);
    assert.equal(codeOf(decideUpdateLocationType({ locationTypeId: 'shelf', capacity: 0 }, world)), 'LOCATION_TYPE_IN_USE');
    assert.equal(codeOf(decideUpdateLocationType({ locationTypeId: 'shelf', allowedItemTypeIds: ['pallet'] }, world)), 'LOCATION_TYPE_IN_USE');
    assert.equal(codeOf(decideUpdateLocationType({ locationTypeId: 'shelf', capacity: 1, allowedItemTypeIds: ['laptop'] }, world)), 'accepted');
  });

  it('a partial update validates only what it changes: kept item types are not looked up again', () => {
    // As the store loads it: the type, no item types (the command names none).
    const type = finalWorld(shelfWithLaptop).locationTypes.get('shelf')!;
    const world = { ...emptyWorld(), locationTypes: new Map([[type.id, type]]) };
    assert.equal(codeOf(decideUpdateLocationType({ locationTypeId: 'shelf', capacity: 5 }, world)), 'accepted');
    assert.equal(codeOf(decideUpdateLocationType({ locationTypeId: 'shelf', name: 'rack' }, world)), 'accepted');
    assert.equal(codeOf(decideUpdateLocationType({ locationTypeId: 'shelf', allowedItemTypeIds: ['gone'] }, world)), 'ITEM_TYPE_NOT_FOUND');
  });

  it('property 9: every location type update is refused exactly when the reference says so, with its code', () => {
    fc.assert(fc.property(commandSequence, fc.array(updateLocationTypeCommand, { minLength: 1, maxLength: 10 }), (setup, updates) => {
      const world = finalWorld(setup);
      const seen = snapshot(world);
      for (const { type: _type, ...update } of updates) {
        const decision = decideUpdateLocationType(update, world);
        assert.equal(decision.ok ? undefined : decision.code, expectedLocationTypeUpdateError(world, update));
      }
      assert.equal(snapshot(world), seen);
    }), RUNS);
  });

  it('property 9: after any accepted type change, every location fits its type (capacity and allowed item types)', () => {
    fc.assert(fc.property(commandSequence, fc.array(updateLocationTypeCommand, { maxLength: 10 }), (setup, updates) => {
      for (const { after } of runCommands([...setup, ...updates])) {
        for (const location of after.locations.values()) {
          const type = after.locationTypes.get(location.locationTypeId)!;
          const heldTypes = [...after.items.values()].filter((item) => (item.locationId ?? after.items.get(item.parentId!)?.locationId) === location.id).map((item) => item.itemTypeId);
          if (type.capacity !== null) assert.ok(heldTypes.length <= type.capacity, `${location.id} over capacity`);
          if (type.allowedItemTypeIds) assert.ok(heldTypes.every((id) => type.allowedItemTypeIds!.includes(id)), `${location.id} holds a forbidden type`);
        }
      }
    }), RUNS);
  });
});
