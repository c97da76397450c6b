import fc from 'fast-check';
import type { Command } from './world.js';

/**
 * Commands over small id pools, so random sequences hit existing and unknown ids, duplicates,
 * full locations, assigned children and the like far more often than fresh uuids would.
 */
const pick = (prefix: string, size: number) => fc.integer({ min: 0, max: size - 1 }).map((n) => `${prefix}${n}`);
export const itemTypeId = pick('it', 3);
export const locationTypeId = pick('lt', 3);
export const locationId = pick('loc', 6);
export const itemId = pick('item', 10);
const label = fc.constantFrom('A', 'b', 'B ', 'c', 'Ω', 'd', 'e', 'f', 'g', 'h');
const reason = fc.option(fc.constantFrom('audit', 'restock'), { nil: null });
const nullableLabel = fc.option(label, { nil: null });

export const commandArbitraries: { [K in Command['type']]: fc.Arbitrary<Extract<Command, { type: K }>> } = {
  DefineLocationType: fc.record({ type: fc.constant('DefineLocationType'), locationTypeId, name: label, allowedItemTypeIds: fc.option(fc.uniqueArray(itemTypeId, { maxLength: 2 }), { nil: null }), capacity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }) }),
  UpdateLocationType: fc.record({ type: fc.constant('UpdateLocationType'), locationTypeId, name: label, capacity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), allowedItemTypeIds: fc.option(fc.uniqueArray(itemTypeId, { maxLength: 3 }), { nil: null }) }, { requiredKeys: ['type', 'locationTypeId'] }),
  RemoveLocationType: fc.record({ type: fc.constant('RemoveLocationType'), locationTypeId }),
  DefineItemType: fc.record({ type: fc.constant('DefineItemType'), itemTypeId, name: label, attributesSchema: fc.constant(null) }),
  UpdateItemType: fc.record({ type: fc.constant('UpdateItemType'), itemTypeId, name: label }),
  RemoveItemType: fc.record({ type: fc.constant('RemoveItemType'), itemTypeId }),
  CreateLocation: fc.record({ type: fc.constant('CreateLocation'), locationId, code: fc.oneof(locationId, label), name: label, locationTypeId, parentLocationId: fc.option(locationId, { nil: null }) }),
  UpdateLocation: fc.record({ type: fc.constant('UpdateLocation'), locationId, parentLocationId: fc.option(locationId, { nil: null }), active: fc.boolean() }, { requiredKeys: ['type', 'locationId'] }),
  DeleteLocation: fc.record({ type: fc.constant('DeleteLocation'), locationId }),
  RegisterItem: fc.record({ type: fc.constant('RegisterItem'), itemId, itemTypeId, kind: fc.constantFrom('PARENT', 'CHILD'), name: label, serialNumber: nullableLabel, barcode: nullableLabel, attributes: fc.constant({}), locationId }),
  UpdateItem: fc.record({ type: fc.constant('UpdateItem'), itemId, serialNumber: nullableLabel }, { requiredKeys: ['type', 'itemId'] }),
  RetireItem: fc.record({ type: fc.constant('RetireItem'), itemId, reason }),
  MoveItem: fc.record({ type: fc.constant('MoveItem'), itemId, toLocationId: locationId, reason }),
  AssignChild: fc.record({ type: fc.constant('AssignChild'), childId: itemId, parentId: itemId, reason }),
  ReleaseChild: fc.record({ type: fc.constant('ReleaseChild'), childId: itemId, reason }),
};

/** Every pooled id created once (random properties), so traffic meets a populated warehouse. */
function createEach<C extends Command>(arbitrary: fc.Arbitrary<C>, ids: number, withId: (command: C, index: number) => C): fc.Arbitrary<C[]> {
  return fc.tuple(...Array.from({ length: ids }, () => arbitrary)).map((commands) => commands.map(withId));
}

/** Types, then locations (a parent always created before its sub-locations), then items, then traffic. */
const setup = fc.tuple(
  createEach(commandArbitraries.DefineItemType, 3, (command, n) => ({ ...command, itemTypeId: `it${n}`, name: `item type ${n}` })),
  createEach(commandArbitraries.DefineLocationType, 3, (command, n) => ({ ...command, locationTypeId: `lt${n}`, name: `location type ${n}`, allowedItemTypeIds: n === 0 ? null : command.allowedItemTypeIds, capacity: command.capacity === null ? null : command.capacity + 2 })),
  createEach(commandArbitraries.CreateLocation, 6, (command, n) => ({ ...command, locationId: `loc${n}`, code: `L${n}`, parentLocationId: n === 0 || command.parentLocationId === null ? null : `loc${Number(command.parentLocationId.slice(3)) % n}` })),
  createEach(commandArbitraries.RegisterItem, 10, (command, n) => ({ ...command, itemId: `item${n}`, serialNumber: command.serialNumber && `S${n}`, barcode: command.barcode && `B${n}`, locationId: n < 3 ? 'loc0' : command.locationId })),
).map((phases) => phases.flat<Command[][]>());

const traffic = fc.oneof(
  { weight: 6, arbitrary: commandArbitraries.MoveItem },
  { weight: 4, arbitrary: commandArbitraries.AssignChild },
  { weight: 2, arbitrary: commandArbitraries.ReleaseChild },
  { weight: 3, arbitrary: commandArbitraries.RegisterItem },
  ...(['UpdateLocationType', 'RemoveLocationType', 'UpdateItemType', 'RemoveItemType', 'CreateLocation', 'UpdateLocation', 'DeleteLocation', 'UpdateItem', 'RetireItem', 'DefineItemType', 'DefineLocationType'] as const)
    .map((type) => ({ weight: 1, arbitrary: commandArbitraries[type] as fc.Arbitrary<Command> })),
);

export const commandSequence: fc.Arbitrary<Command[]> = fc.tuple(setup, fc.array(traffic, { minLength: 20, maxLength: 60 }))
  .map(([first, then]) => [...first, ...then]);

export const moveCommand = commandArbitraries.MoveItem;
export const updateLocationTypeCommand = commandArbitraries.UpdateLocationType;
export const createLocationCommand = commandArbitraries.CreateLocation;
