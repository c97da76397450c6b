import { nothing, unhandled, type Decider } from '../domain/decider.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { findItem, findLocation, refuseArrival } from '../domain/rules.js';
import type { ItemState, World } from '../domain/state.js';
import { evolveItem, type ItemEvent } from '../items/decider.js';

export interface AssignChild {
  childId: string;
  parentId: string;
  reason: string | null;
}

export interface ReleaseChild {
  childId: string;
  reason: string | null;
}

/** The child joins its parent's location, so that location must accept it like any arrival. */
export function decideAssign(command: AssignChild, world: World): Decision<ItemEvent> {
  const child = findItem(world, command.childId);
  if (!child.ok) return child;
  const parent = findItem(world, command.parentId);
  if (!parent.ok) return parent;
  if (child.value.kind !== 'CHILD') return reject('PARENT_CANNOT_BE_CHILD', `item ${command.childId} is a parent item`);
  if (parent.value.kind !== 'PARENT') return reject('CHILD_CANNOT_BE_PARENT', `item ${command.parentId} is a child item`);
  if (child.value.parentId !== null) return reject('CHILD_ALREADY_ASSIGNED', `item ${command.childId} is assigned to ${child.value.parentId}`);
  const fromLocationId = child.value.locationId!;
  const toLocationId = parent.value.locationId!;
  if (fromLocationId !== toLocationId) {
    const destination = findLocation(world, toLocationId);
    if (!destination.ok) return destination;
    const refused = refuseArrival(world, destination.value, [child.value.itemTypeId]);
    if (refused) return refused;
  }
  return accept({ type: 'ChildAssigned', data: { childId: command.childId, parentId: command.parentId, fromLocationId, toLocationId, reason: command.reason } });
}

/** The child stays where its parent is, now on its own. */
export function decideRelease(command: ReleaseChild, world: World): Decision<ItemEvent> {
  const child = findItem(world, command.childId);
  if (!child.ok) return child;
  const parentId = child.value.parentId;
  if (parentId === null) return reject('CHILD_NOT_ASSIGNED', `item ${command.childId} is not assigned to a parent`);
  const parent = findItem(world, parentId);
  if (!parent.ok) return parent;
  return accept({ type: 'ChildReleased', data: { childId: command.childId, parentId, locationId: parent.value.locationId!, reason: command.reason } });
}

export type AssignmentCommand = ({ type: 'AssignChild' } & AssignChild) | ({ type: 'ReleaseChild' } & ReleaseChild);

/** Assignments change the child item (its events are the child's): the item family's evolve. */
export const assignmentDecider: Decider<AssignmentCommand, ItemState, ItemEvent> = {
  decide(command, world) {
    switch (command.type) {
      case 'AssignChild':
        return decideAssign(command, world);
      case 'ReleaseChild':
        return decideRelease(command, world);
      default:
        return unhandled(command);
    }
  },
  evolve: evolveItem,
  initialState: nothing,
};
