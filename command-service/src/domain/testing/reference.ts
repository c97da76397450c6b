import type { ErrorCode } from '@inventory/contracts';
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
