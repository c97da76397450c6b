import { nothing, unhandled, untagged, type Decider } from '../domain/decider.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { findItem, findLocation, refuseArrival, travellingTypesOf } from '../domain/rules.js';
import type { ItemState, World } from '../domain/state.js';
import { evolveItem, type ItemEvent } from '../items/decider.js';

export interface MoveItem {
  itemId: string;
  toLocationId: string;
  reason: string | null;
}

/** A standalone item (a parent with all its children) moves; an assigned child never moves alone. */
export function decideMove(command: MoveItem, world: World): Decision<ItemEvent> {
  const item = findItem(world, command.itemId);
  if (!item.ok) return item;
  if (item.value.parentId !== null) {
    return reject('CHILD_ASSIGNED_MOVE_REFUSED', `item ${command.itemId} travels with parent ${item.value.parentId}: release it first`);
  }
  const destination = findLocation(world, command.toLocationId);
  if (!destination.ok) return destination;
  const fromLocationId = item.value.locationId!;
  if (fromLocationId === command.toLocationId) return reject('NO_OP_MOVE', `item ${command.itemId} is already at ${destination.value.code}`);
  const refused = refuseArrival(world, destination.value, travellingTypesOf(item.value));
  if (refused) return refused;
  return accept({
    type: 'ItemMoved',
    data: { itemId: command.itemId, fromLocationId, toLocationId: command.toLocationId, reason: command.reason, movedChildIds: item.value.children.map((child) => child.id) },
  });
}

export type MoveCommand = { type: 'MoveItem' } & MoveItem;

/** Moves change items: the item family's evolve. */
export const moveDecider: Decider<MoveCommand, ItemState, ItemEvent> = {
  decide(command, world) {
    switch (command.type) {
      case 'MoveItem':
        return decideMove(untagged(command), world);
      default:
        return unhandled(command.type);
    }
  },
  evolve: evolveItem,
  initialState: nothing,
};
