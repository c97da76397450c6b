import type { ErrorCode } from '@inventory/contracts';
import type { CreateLocation } from '../locations/decider.js';
import type { UpdateLocationType } from '../location-types/decider.js';
import type { MoveItem } from '../moves/decider.js';
import type { ItemState, World } from '../domain/state.js';
import type { Command } from './world.js';

/**
 * An independent, deliberately naive reading of the rules: it counts items by scanning the whole
 * world instead of trusting the counters that evolve maintains.
 */
export function physicalLocation(world: World, item: ItemState): string | undefined {
  return item.parentId === null ? item.locationId ?? undefined : world.items.get(item.parentId)?.locationId ?? undefined;
}

export function countedOccupancy(world: World, locationId: string): number {
  return [...world.items.values()].filter((item) => physicalLocation(world, item) === locationId).length;
}

export function childrenOf(world: World, parentId: string): ItemState[] {
  return [...world.items.values()].filter((item) => item.parentId === parentId);
}

const same = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();

/** Whether an aggregate other than `ownId` already holds `value` (case, space and composition aside). */
function takenBy<T extends { id: string }>(all: Iterable<T>, ownId: string, valueOf: (other: T) => string | null, value: string | null | undefined): boolean {
  return value != null && [...all].some((other) => other.id !== ownId && valueOf(other) !== null && same(valueOf(other)!, value));
}

/** The error a move must be refused with, or undefined if it must be accepted. */
export function expectedMoveError(world: World, { itemId, toLocationId }: MoveItem): ErrorCode | undefined {
  const item = world.items.get(itemId);
  if (!item) return 'ITEM_NOT_FOUND';
  if (item.parentId !== null) return 'CHILD_ASSIGNED_MOVE_REFUSED';
  const destination = world.locations.get(toLocationId);
  if (!destination) return 'LOCATION_NOT_FOUND';
  if (item.locationId === toLocationId) return 'NO_OP_MOVE';
  return expectedArrivalError(world, toLocationId, [item, ...childrenOf(world, itemId)].map((moving) => moving.itemTypeId));
}

/** The error items of these types arriving at an existing location must be refused with. */
function expectedArrivalError(world: World, locationId: string, itemTypeIds: readonly string[]): ErrorCode | undefined {
  const destination = world.locations.get(locationId)!;
  if (!destination.active) return 'LOCATION_INACTIVE';
  const type = world.locationTypes.get(destination.locationTypeId)!;
  if (type.allowedItemTypeIds && itemTypeIds.some((itemTypeId) => !type.allowedItemTypeIds!.includes(itemTypeId))) return 'ITEM_TYPE_NOT_ALLOWED';
  if (type.capacity !== null && countedOccupancy(world, locationId) + itemTypeIds.length > type.capacity) return 'CAPACITY_EXCEEDED';
  return undefined;
}

/** The error changing a location type must be refused with, judged only on what the command changes. */
export function expectedLocationTypeUpdateError(world: World, command: UpdateLocationType): ErrorCode | undefined {
  const type = world.locationTypes.get(command.locationTypeId);
  if (!type) return 'LOCATION_TYPE_NOT_FOUND';
  if (takenBy(world.locationTypes.values(), type.id, (other) => other.name, command.name)) return 'DUPLICATE_NAME';
  if (command.allowedItemTypeIds?.some((itemTypeId) => !world.itemTypes.has(itemTypeId))) return 'ITEM_TYPE_NOT_FOUND';
  const locations = [...world.locations.values()].filter((location) => location.locationTypeId === type.id);
  const { capacity, allowedItemTypeIds: allowed } = command;
  if (capacity !== undefined && capacity !== null && locations.some((location) => countedOccupancy(world, location.id) > capacity)) return 'LOCATION_TYPE_IN_USE';
  const held = [...world.items.values()].filter((item) => locations.some((location) => physicalLocation(world, item) === location.id));
  if (allowed !== undefined && allowed !== null && held.some((item) => !allowed.includes(item.itemTypeId))) return 'LOCATION_TYPE_IN_USE';
  return undefined;
}

/** The error creating a location must be refused with: a sub-location arrives like an item, only inside an active parent. */
export function expectedCreateLocationError(world: World, command: CreateLocation): ErrorCode | undefined {
  if (!world.locationTypes.has(command.locationTypeId)) return 'LOCATION_TYPE_NOT_FOUND';
  if (world.locations.has(command.locationId)) return 'DUPLICATE_ID';
  if (takenBy(world.locations.values(), command.locationId, (location) => location.code, command.code)) return 'DUPLICATE_CODE';
  if (command.parentLocationId === null) return undefined;
  const parent = world.locations.get(command.parentLocationId);
  if (!parent) return 'LOCATION_NOT_FOUND';
  return parent.active ? undefined : 'LOCATION_INACTIVE';
}

/** Every other command: refused exactly when, and with the code, this naive reading says. */
export function expectedError(world: World, command: Command): ErrorCode | undefined {
  switch (command.type) {
    case 'DefineLocationType':
      if (world.locationTypes.has(command.locationTypeId)) return 'DUPLICATE_ID';
      if (takenBy(world.locationTypes.values(), command.locationTypeId, (other) => other.name, command.name)) return 'DUPLICATE_NAME';
      return command.allowedItemTypeIds?.some((itemTypeId) => !world.itemTypes.has(itemTypeId)) ? 'ITEM_TYPE_NOT_FOUND' : undefined;
    case 'UpdateLocationType':
      return expectedLocationTypeUpdateError(world, command);
    case 'RemoveLocationType':
      if (!world.locationTypes.has(command.locationTypeId)) return 'LOCATION_TYPE_NOT_FOUND';
      return [...world.locations.values()].some((location) => location.locationTypeId === command.locationTypeId) ? 'HAS_DEPENDANTS' : undefined;
    case 'DefineItemType':
      if (world.itemTypes.has(command.itemTypeId)) return 'DUPLICATE_ID';
      return takenBy(world.itemTypes.values(), command.itemTypeId, (other) => other.name, command.name) ? 'DUPLICATE_NAME' : undefined;
    case 'UpdateItemType':
      if (!world.itemTypes.has(command.itemTypeId)) return 'ITEM_TYPE_NOT_FOUND';
      return takenBy(world.itemTypes.values(), command.itemTypeId, (other) => other.name, command.name) ? 'DUPLICATE_NAME' : undefined;
    case 'RemoveItemType':
      if (!world.itemTypes.has(command.itemTypeId)) return 'ITEM_TYPE_NOT_FOUND';
      return [...world.items.values()].some((item) => item.itemTypeId === command.itemTypeId) ? 'HAS_DEPENDANTS' : undefined;
    case 'CreateLocation':
      return expectedCreateLocationError(world, command);
    case 'UpdateLocation':
      return expectedLocationUpdateError(world, command);
    case 'DeleteLocation':
      if (!world.locations.has(command.locationId)) return 'LOCATION_NOT_FOUND';
      return countedOccupancy(world, command.locationId) > 0 || [...world.locations.values()].some((location) => location.parentLocationId === command.locationId) ? 'HAS_DEPENDANTS' : undefined;
    case 'RegisterItem':
      if (!world.itemTypes.has(command.itemTypeId)) return 'ITEM_TYPE_NOT_FOUND';
      if (!world.locations.has(command.locationId)) return 'LOCATION_NOT_FOUND';
      if (world.items.has(command.itemId)) return 'DUPLICATE_ID';
      return expectedIdentifierError(world, command.itemId, command) ?? expectedArrivalError(world, command.locationId, [command.itemTypeId]);
    case 'UpdateItem':
      if (!world.items.has(command.itemId)) return 'ITEM_NOT_FOUND';
      return expectedIdentifierError(world, command.itemId, command);
    case 'RetireItem': {
      const item = world.items.get(command.itemId);
      if (!item) return 'ITEM_NOT_FOUND';
      if (childrenOf(world, item.id).length > 0) return 'HAS_DEPENDANTS';
      return item.parentId === null ? undefined : 'CHILD_ASSIGNED_RETIRE_REFUSED';
    }
    case 'MoveItem':
      return expectedMoveError(world, command);
    case 'AssignChild': {
      const child = world.items.get(command.childId);
      const parent = world.items.get(command.parentId);
      if (!child || !parent) return 'ITEM_NOT_FOUND';
      if (child.kind !== 'CHILD') return 'PARENT_CANNOT_BE_CHILD';
      if (parent.kind !== 'PARENT') return 'CHILD_CANNOT_BE_PARENT';
      if (child.parentId !== null) return 'CHILD_ALREADY_ASSIGNED';
      return child.locationId === parent.locationId ? undefined : expectedArrivalError(world, parent.locationId!, [child.itemTypeId]);
    }
    case 'ReleaseChild': {
      const child = world.items.get(command.childId);
      if (!child) return 'ITEM_NOT_FOUND';
      if (child.parentId === null) return 'CHILD_NOT_ASSIGNED';
      return world.items.has(child.parentId) ? undefined : 'ITEM_NOT_FOUND';
    }
  }
}

/** Serial numbers and barcodes are unique among items (schemas are not generated, so attributes always pass). */
function expectedIdentifierError(world: World, itemId: string, next: { serialNumber?: string | null; barcode?: string | null }): ErrorCode | undefined {
  if (takenBy(world.items.values(), itemId, (other) => other.serialNumber, next.serialNumber)) return 'DUPLICATE_SERIAL';
  return takenBy(world.items.values(), itemId, (other) => other.barcode, next.barcode) ? 'DUPLICATE_BARCODE' : undefined;
}

/** A location moves only under an existing, active parent that is not inside it (nor itself). */
function expectedLocationUpdateError(world: World, command: Extract<Command, { type: 'UpdateLocation' }>): ErrorCode | undefined {
  const location = world.locations.get(command.locationId);
  if (!location) return 'LOCATION_NOT_FOUND';
  if (takenBy(world.locations.values(), location.id, (other) => other.code, command.code)) return 'DUPLICATE_CODE';
  const parentId = command.parentLocationId;
  if (parentId === undefined || parentId === location.parentLocationId || parentId === null) return undefined;
  const parent = world.locations.get(parentId);
  if (!parent) return 'LOCATION_NOT_FOUND';
  if (!parent.active) return 'LOCATION_INACTIVE';
  const ancestors: string[] = [];
  for (let at: string | null = parentId; at !== null; at = world.locations.get(at)?.parentLocationId ?? null) ancestors.push(at);
  return ancestors.includes(location.id) ? 'LOCATION_CYCLE' : undefined;
}
