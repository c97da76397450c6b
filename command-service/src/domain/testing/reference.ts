import type { ErrorCode } from '@inventory/contracts';
import type { CreateLocation } from '../../locations/decide.js';
import type { UpdateLocationType } from '../../location-types/decide.js';
import type { MoveItem } from '../../moves/decide.js';
import type { ItemState, World } from '../state.js';

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

/** The error a move must be refused with, or undefined if it must be accepted. */
export function expectedMoveError(world: World, { itemId, toLocationId }: MoveItem): ErrorCode | undefined {
  const item = world.items.get(itemId);
  if (!item) return 'ITEM_NOT_FOUND';
  if (item.parentId !== null) return 'CHILD_ASSIGNED_MOVE_REFUSED';
  const destination = world.locations.get(toLocationId);
  if (!destination) return 'LOCATION_NOT_FOUND';
  if (item.locationId === toLocationId) return 'NO_OP_MOVE';
  if (!destination.active) return 'LOCATION_INACTIVE';
  const type = world.locationTypes.get(destination.locationTypeId)!;
  const travelling = [item, ...childrenOf(world, itemId)];
  if (type.allowedItemTypeIds && travelling.some((moving) => !type.allowedItemTypeIds!.includes(moving.itemTypeId))) return 'ITEM_TYPE_NOT_ALLOWED';
  if (type.capacity !== null && countedOccupancy(world, toLocationId) + travelling.length > type.capacity) return 'CAPACITY_EXCEEDED';
  return undefined;
}

/** The error changing a location type must be refused with, judged only on what the command changes. */
export function expectedLocationTypeUpdateError(world: World, command: UpdateLocationType): ErrorCode | undefined {
  const type = world.locationTypes.get(command.locationTypeId);
  if (!type) return 'LOCATION_TYPE_NOT_FOUND';
  const nameTaken = command.name !== undefined && [...world.locationTypes.values()].some((other) => other.id !== type.id && other.name.normalize('NFC').trim().toLowerCase() === command.name!.normalize('NFC').trim().toLowerCase());
  if (nameTaken) return 'DUPLICATE_NAME';
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
  const code = command.code.normalize('NFC').trim().toLowerCase();
  if ([...world.locations.values()].some((location) => location.code.normalize('NFC').trim().toLowerCase() === code)) return 'DUPLICATE_CODE';
  if (command.parentLocationId === null) return undefined;
  const parent = world.locations.get(command.parentLocationId);
  if (!parent) return 'LOCATION_NOT_FOUND';
  return parent.active ? undefined : 'LOCATION_INACTIVE';
}
