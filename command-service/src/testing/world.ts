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

const deciders = {
  locationTypes: locationTypeDecider,
  itemTypes: itemTypeDecider,
  locations: locationDecider,
  items: itemDecider,
  moves: moveDecider,
  assignments: assignmentDecider,
};

/** Which slice decides each command (a mapped type, so a new command without one does not compile). */
const deciderOf: { [K in Command['type']]: keyof typeof deciders } = {
  DefineLocationType: 'locationTypes', UpdateLocationType: 'locationTypes', RemoveLocationType: 'locationTypes',
  DefineItemType: 'itemTypes', UpdateItemType: 'itemTypes', RemoveItemType: 'itemTypes',
  CreateLocation: 'locations', UpdateLocation: 'locations', DeleteLocation: 'locations',
  RegisterItem: 'items', UpdateItem: 'items', RetireItem: 'items',
  MoveItem: 'moves',
  AssignChild: 'assignments', ReleaseChild: 'assignments',
};

/** The slice's decider decides, as the service's command handler has it do. */
export const decide = (command: Command, world: World): Decision => (deciders[deciderOf[command.type]] as unknown as AnyDecider).decide(command, world);

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyMap<infer I, infer V> ? Map<I, V> : T[K] extends ReadonlySet<infer V> ? Set<V> : T[K] };

/** Copy-on-write: evolve never mutates its input, so a rejected step leaves nothing behind. */
const draftOf = (world: World): Mutable<World> => ({
  locationTypes: new Map(world.locationTypes),
  itemTypes: new Map(world.itemTypes),
  locations: new Map(world.locations),
  items: new Map(world.items),
  claims: new Set(world.claims),
});

/** The aggregate `id` through its family's evolve, and the claims it holds swapped accordingly: its states before and after. */
function evolveOne<S>(next: Mutable<World>, states: Map<string, S>, id: string, evolveState: (state: S | null) => S | null, claimsOf: (state: S | null) => readonly { claim: string }[]) {
  const before = states.get(id) ?? null;
  const after = evolveState(before);
  if (after === null) states.delete(id);
  else states.set(id, after);
  for (const { claim } of claimsOf(before)) next.claims.delete(claim);
  for (const { claim } of claimsOf(after)) next.claims.add(claim);
  return { before, after };
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
    evolveOne(next, next.locationTypes, event.data.locationTypeId, (state) => evolveLocationType(state, event), locationTypeClaims);
  } else if (isItemTypeEvent(event)) {
    evolveOne(next, next.itemTypes, event.data.itemTypeId, (state) => evolveItemType(state, event), itemTypeClaims);
  } else if (isLocationEvent(event)) {
    const { before, after } = evolveOne(next, next.locations, event.data.locationId, (state) => evolveLocation(state, event), locationClaims);
    if (before === null) count(next.locationTypes, after!.locationTypeId, 'usage', 1);
    if (after === null) count(next.locationTypes, before!.locationTypeId, 'usage', -1);
    if (before?.parentLocationId !== after?.parentLocationId) {
      count(next.locations, before?.parentLocationId, 'subLocations', -1);
      count(next.locations, after?.parentLocationId, 'subLocations', 1);
    }
  } else {
    evolveItemWorld(next, event as ItemEvent);
  }
  return next;
}

function evolveItemWorld(next: Mutable<World>, event: ItemEvent): void {
  const id = event.type === 'ChildAssigned' || event.type === 'ChildReleased' ? event.data.childId : event.data.itemId;
  const { before, after } = evolveOne(next, next.items, id, (state) => evolveItem(state, event), identifierClaims);
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
