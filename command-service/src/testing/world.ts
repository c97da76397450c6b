import { unhandled, type Decider } from '../domain/decider.js';
import type { Decision, EventDraft } from '../domain/decision.js';
import type { ChildRef, World } from '../domain/state.js';
import { assignmentDecider, type AssignmentCommand } from '../assignment/decider.js';
import { evolveItemType, itemTypeClaims, itemTypeDecider, type ItemTypeCommand, type ItemTypeEvent } from '../item-types/decider.js';
import { evolveItem, identifierClaims, itemDecider, type ItemCommand, type ItemEvent } from '../items/decider.js';
import { evolveLocationType, locationTypeClaims, locationTypeDecider, type LocationTypeCommand, type LocationTypeEvent } from '../location-types/decider.js';
import { evolveLocation, locationClaims, locationDecider, type LocationCommand, type LocationEvent } from '../locations/decider.js';
import { moveDecider, type MoveCommand } from '../moves/decider.js';

/** Every command of the write side, tagged: the property tests drive the whole domain through it. */
export type Command = LocationTypeCommand | ItemTypeCommand | LocationCommand | ItemCommand | MoveCommand | AssignmentCommand;

type AnyDecider = Decider<{ type: string }, unknown, EventDraft>;

const deciderOf = (command: Command): AnyDecider => {
  switch (command.type) {
    case 'DefineLocationType':
    case 'UpdateLocationType':
    case 'RemoveLocationType':
      return locationTypeDecider as unknown as AnyDecider;
    case 'DefineItemType':
    case 'UpdateItemType':
    case 'RemoveItemType':
      return itemTypeDecider as unknown as AnyDecider;
    case 'CreateLocation':
    case 'UpdateLocation':
    case 'DeleteLocation':
      return locationDecider as unknown as AnyDecider;
    case 'RegisterItem':
    case 'UpdateItem':
    case 'RetireItem':
      return itemDecider as unknown as AnyDecider;
    case 'MoveItem':
      return moveDecider as unknown as AnyDecider;
    case 'AssignChild':
    case 'ReleaseChild':
      return assignmentDecider as unknown as AnyDecider;
    default:
      return unhandled(command);
  }
};

/** The slice's decider decides, as the service's command handler has it do. */
export const decide = (command: Command, world: World): Decision => deciderOf(command).decide(command, world);

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyMap<infer I, infer V> ? Map<I, V> : T[K] extends ReadonlySet<infer V> ? Set<V> : T[K] };

/** Copy-on-write: evolve never mutates its input, so a rejected step leaves nothing behind. */
const draftOf = (world: World): Mutable<World> => ({
  locationTypes: new Map(world.locationTypes),
  itemTypes: new Map(world.itemTypes),
  locations: new Map(world.locations),
  items: new Map(world.items),
  claims: new Set(world.claims),
});

function put<S>(map: Map<string, S>, id: string, state: S | null): void {
  if (state === null) map.delete(id);
  else map.set(id, state);
}

function swapClaims(next: Mutable<World>, before: readonly { claim: string }[], after: readonly { claim: string }[]): void {
  for (const { claim } of before) next.claims.delete(claim);
  for (const { claim } of after) next.claims.add(claim);
}

function count<S extends object>(map: Map<string, S>, id: string | null | undefined, field: keyof S & string, delta: number): void {
  const state = id == null ? undefined : map.get(id);
  if (state) map.set(id!, { ...state, [field]: (state[field] as number) + delta });
}

const isLocationTypeEvent = (event: EventDraft): event is LocationTypeEvent => event.type.startsWith('LocationType');
const isItemTypeEvent = (event: EventDraft): event is ItemTypeEvent => event.type.startsWith('ItemType');
const isLocationEvent = (event: EventDraft): event is LocationEvent => event.type.startsWith('Location') && !isLocationTypeEvent(event);

/**
 * The reference world after one accepted event: the aggregate's state from its family's evolve (the
 * one the service runs), then the pure effect of each protocol the service runs beside the commit -
 * claims, usage and sub-location counters, capacity holds (occupancy), the parent's children.
 */
export function evolve(world: World, event: EventDraft): World {
  const next = draftOf(world);
  if (isLocationTypeEvent(event)) {
    const id = event.data.locationTypeId;
    const before = world.locationTypes.get(id) ?? null;
    const after = evolveLocationType(before, event);
    put(next.locationTypes, id, after);
    swapClaims(next, locationTypeClaims(before), locationTypeClaims(after));
  } else if (isItemTypeEvent(event)) {
    const id = event.data.itemTypeId;
    const before = world.itemTypes.get(id) ?? null;
    const after = evolveItemType(before, event);
    put(next.itemTypes, id, after);
    swapClaims(next, itemTypeClaims(before), itemTypeClaims(after));
  } else if (isLocationEvent(event)) {
    const id = event.data.locationId;
    const before = world.locations.get(id) ?? null;
    const after = evolveLocation(before, event);
    put(next.locations, id, after);
    swapClaims(next, locationClaims(before), locationClaims(after));
    if (before === null) count(next.locationTypes, after!.locationTypeId, 'usage', 1);
    if (after === null) count(next.locationTypes, before!.locationTypeId, 'usage', -1);
    if (before?.parentLocationId !== after?.parentLocationId) {
      count(next.locations, before?.parentLocationId, 'subLocations', -1);
      count(next.locations, after?.parentLocationId, 'subLocations', 1);
    }
  } else {
    evolveItemWorld(world, next, event as ItemEvent);
  }
  return next;
}

function evolveItemWorld(world: World, next: Mutable<World>, event: ItemEvent): void {
  const id = event.type === 'ChildAssigned' || event.type === 'ChildReleased' ? event.data.childId : event.data.itemId;
  const before = world.items.get(id) ?? null;
  const after = evolveItem(before, event);
  put(next.items, id, after);
  swapClaims(next, identifierClaims(before), identifierClaims(after));
  if (before === null) count(next.itemTypes, after!.itemTypeId, 'usage', 1);
  if (after === null) count(next.itemTypes, before!.itemTypeId, 'usage', -1);
  const withChildren = (parentId: string, children: (current: ChildRef[]) => ChildRef[]) => {
    const parent = next.items.get(parentId)!;
    next.items.set(parentId, { ...parent, children: children(parent.children) });
  };
  switch (event.type) {
    case 'ItemRegistered':
      count(next.locations, event.data.locationId, 'occupancy', 1);
      break;
    case 'ItemRetired':
      count(next.locations, event.data.lastLocationId, 'occupancy', -1);
      break;
    case 'ItemMoved': {
      const travelling = 1 + event.data.movedChildIds.length;
      count(next.locations, event.data.fromLocationId, 'occupancy', -travelling);
      count(next.locations, event.data.toLocationId, 'occupancy', travelling);
      break;
    }
    case 'ChildAssigned':
      count(next.locations, event.data.fromLocationId, 'occupancy', -1);
      count(next.locations, event.data.toLocationId, 'occupancy', 1);
      withChildren(event.data.parentId, (children) => [...children, { id, itemTypeId: after!.itemTypeId }]);
      break;
    case 'ChildReleased':
      withChildren(event.data.parentId, (children) => children.filter((child) => child.id !== id));
      break;
    case 'ItemUpdated':
      break;
    default:
      unhandled(event);
  }
}
