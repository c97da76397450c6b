import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { EventDraft } from '../domain/decision.js';
import type { World } from '../domain/state.js';
import { commandSequence } from './arbitraries.js';
import { childrenOf, countedOccupancy, physicalLocation } from './reference.js';
import { runCommands, snapshot } from './run.js';

const RUNS = { numRuns: 200 };

function assertReferentialIntegrity(world: World): void {
  for (const item of world.items.values()) {
    assert.ok(world.itemTypes.has(item.itemTypeId), `item ${item.id} has a missing type`);
    assert.ok(physicalLocation(world, item) !== undefined && world.locations.has(physicalLocation(world, item)!), `item ${item.id} is at a missing location`);
    if (item.parentId !== null) assert.equal(world.items.get(item.parentId)?.kind, 'PARENT', `item ${item.id} has a missing parent`);
  }
  for (const location of world.locations.values()) {
    assert.ok(world.locationTypes.has(location.locationTypeId), `location ${location.id} has a missing type`);
    if (location.parentLocationId !== null) assert.ok(world.locations.has(location.parentLocationId), `location ${location.id} has a missing parent`);
  }
}

function assertCountersMatchCounts(world: World): void {
  for (const location of world.locations.values()) {
    assert.equal(location.occupancy, countedOccupancy(world, location.id), `occupancy of ${location.id}`);
    assert.equal(location.subLocations, [...world.locations.values()].filter((sub) => sub.parentLocationId === location.id).length);
  }
  for (const type of world.locationTypes.values()) assert.equal(type.usage, [...world.locations.values()].filter((l) => l.locationTypeId === type.id).length);
  for (const type of world.itemTypes.values()) assert.equal(type.usage, [...world.items.values()].filter((i) => i.itemTypeId === type.id).length);
}

/** Where something arrived from elsewhere, it was allowed there and fitted. */
function assertArrivalRespectsConstraints(world: World, event: EventDraft): void {
  const arrival = event.type === 'ItemMoved' ? { at: event.data.toLocationId, itemIds: [event.data.itemId, ...event.data.movedChildIds] }
    : event.type === 'ChildAssigned' && event.data.fromLocationId !== event.data.toLocationId ? { at: event.data.toLocationId, itemIds: [event.data.childId] }
      : event.type === 'ItemRegistered' ? { at: event.data.locationId, itemIds: [event.data.itemId] } : undefined;
  if (!arrival) return;
  const type = world.locationTypes.get(world.locations.get(arrival.at)!.locationTypeId)!;
  assert.ok(world.locations.get(arrival.at)!.active, 'arrived at an inactive location');
  if (type.capacity !== null) assert.ok(countedOccupancy(world, arrival.at) <= type.capacity, `capacity of ${arrival.at} exceeded`);
  for (const itemId of arrival.itemIds) {
    if (type.allowedItemTypeIds) assert.ok(type.allowedItemTypeIds.includes(world.items.get(itemId)!.itemTypeId), 'item type not allowed there');
  }
}

function assertOneParentPerChild(world: World): void {
  for (const item of world.items.values()) {
    const listedBy = [...world.items.values()].filter((parent) => parent.children.some((child) => child.id === item.id));
    assert.deepEqual(listedBy.map((parent) => parent.id), item.parentId === null ? [] : [item.parentId], `child ${item.id} parents`);
  }
}

describe('domain invariants over random command sequences', () => {
  it('property 8: no item or location ever references a missing location, type or parent', () => {
    fc.assert(fc.property(commandSequence, (commands) => {
      for (const { after } of runCommands(commands)) assertReferentialIntegrity(after);
    }), RUNS);
  });

  it('property 9: arrivals respect activity, type restrictions and capacity; counters equal counted reality', () => {
    fc.assert(fc.property(commandSequence, (commands) => {
      for (const { decision, after } of runCommands(commands)) {
        if (decision.ok) decision.events.forEach((event) => assertArrivalRespectsConstraints(after, event));
        assertCountersMatchCounts(after);
      }
    }), RUNS);
  });

  it('property 9: deleting or removing anything with dependants is refused with HAS_DEPENDANTS', () => {
    fc.assert(fc.property(commandSequence, (commands) => {
      for (const { before, command, decision } of runCommands(commands)) {
        const dependants = command.type === 'DeleteLocation' ? countedOccupancy(before, command.locationId) + [...before.locations.values()].filter((l) => l.parentLocationId === command.locationId).length
          : command.type === 'RemoveItemType' ? [...before.items.values()].filter((i) => i.itemTypeId === command.itemTypeId).length
            : command.type === 'RemoveLocationType' ? [...before.locations.values()].filter((l) => l.locationTypeId === command.locationTypeId).length
              : command.type === 'RetireItem' ? childrenOf(before, command.itemId).length : 0;
        if (dependants > 0) assert.deepEqual(decision.ok ? 'accepted' : decision.code, 'HAS_DEPENDANTS');
      }
    }), RUNS);
  });

  it('property 10: a child is listed by exactly the one parent it names, or by none', () => {
    fc.assert(fc.property(commandSequence, (commands) => {
      for (const { after } of runCommands(commands)) assertOneParentPerChild(after);
    }), RUNS);
  });

  it('property 5 (all commands): a rejected command leaves the world exactly as it was', () => {
    fc.assert(fc.property(commandSequence, (commands) => {
      for (const { before, decision, after } of runCommands(commands)) {
        const seen = snapshot(before);
        if (!decision.ok) assert.equal(snapshot(after), seen);
        assert.equal(snapshot(before), seen, 'decide or evolve mutated its input');
      }
    }), RUNS);
  });
});
