import { claimOf, type WantedClaim } from '../domain/claims.js';
import { nothing, unhandled, untagged, type Decider, type DraftOf } from '../domain/decider.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import { physicalLocationOf, type LocationTypeState, type World } from '../domain/state.js';

export interface DefineLocationType {
  locationTypeId: string;
  name: string;
  allowedItemTypeIds: string[] | null;
  capacity: number | null;
}

export type UpdateLocationType = Pick<DefineLocationType, 'locationTypeId'> & Partial<Omit<DefineLocationType, 'locationTypeId'>>;

function refuseUnknownItemTypes(world: World, itemTypeIds: string[] | null) {
  const unknown = itemTypeIds?.find((itemTypeId) => !world.itemTypes.has(itemTypeId));
  return unknown === undefined ? undefined : reject('ITEM_TYPE_NOT_FOUND', `item type ${unknown} does not exist`);
}

export type LocationTypeCommand =
  | ({ type: 'DefineLocationType' } & DefineLocationType)
  | ({ type: 'UpdateLocationType' } & UpdateLocationType)
  | { type: 'RemoveLocationType'; locationTypeId: string };

export type LocationTypeEvent = DraftOf<'LocationTypeDefined' | 'LocationTypeUpdated' | 'LocationTypeRemoved'>;

const nameClaim = (name: string): WantedClaim => ({ claim: claimOf('location-type-name', name), code: 'DUPLICATE_NAME', what: `location type name "${name}"` });

/** The unique values a location type holds: its name. */
export const locationTypeClaims = (state: LocationTypeState | null): WantedClaim[] => (state ? [nameClaim(state.name)] : []);

export function decideDefineLocationType(command: DefineLocationType, world: World): Decision<LocationTypeEvent> {
  return refuseExisting(world.locationTypes, command.locationTypeId) ?? refuseTakenClaims(world, [nameClaim(command.name)]) ?? refuseUnknownItemTypes(world, command.allowedItemTypeIds) ?? accept({ type: 'LocationTypeDefined', data: { ...command } });
}

/**
 * What one of the type's locations holds that `next` would forbid: more items than its capacity,
 * or an item (assigned children included) of a type it no longer allows. Only the parts of the
 * rule the command changes are checked; the store loads just the locations and items that could
 * break them (location-types/handler.ts).
 */
function refuseBrokenLocations(world: World, command: UpdateLocationType, next: DefineLocationType) {
  const ofType = (locationId: string | null) => (locationId === null ? undefined : world.locations.get(locationId));
  if (command.capacity !== undefined && next.capacity !== null) {
    const over = [...world.locations.values()].find((location) => location.locationTypeId === next.locationTypeId && location.occupancy > next.capacity!);
    if (over) return reject('LOCATION_TYPE_IN_USE', `location ${over.code} holds ${over.occupancy} item(s), more than the new capacity ${next.capacity}`);
  }
  if (command.allowedItemTypeIds !== undefined && next.allowedItemTypeIds !== null) {
    for (const item of world.items.values()) {
      const location = ofType(physicalLocationOf(world, item));
      if (location?.locationTypeId === next.locationTypeId && !next.allowedItemTypeIds.includes(item.itemTypeId)) {
        return reject('LOCATION_TYPE_IN_USE', `location ${location.code} holds item ${item.id} of item type ${item.itemTypeId}, which the new rule does not allow`);
      }
    }
  }
  return undefined;
}

/**
 * A lower capacity or a narrower allow-list is refused while a location of the type would break it
 * (nothing is evicted by a catalog edit). Only what the command changes is validated: the item
 * types it names must exist, those it keeps are not looked up again.
 */
export function decideUpdateLocationType(command: UpdateLocationType, world: World): Decision<LocationTypeEvent> {
  const current = world.locationTypes.get(command.locationTypeId);
  if (!current) return reject('LOCATION_TYPE_NOT_FOUND', `location type ${command.locationTypeId} does not exist`);
  const next = {
    locationTypeId: current.id,
    name: command.name ?? current.name,
    allowedItemTypeIds: command.allowedItemTypeIds === undefined ? current.allowedItemTypeIds : command.allowedItemTypeIds,
    capacity: command.capacity === undefined ? current.capacity : command.capacity,
  };
  const renamed = claimOf('location-type-name', next.name) !== claimOf('location-type-name', current.name);
  return (renamed ? refuseTakenClaims(world, [nameClaim(next.name)]) : undefined)
    ?? refuseUnknownItemTypes(world, command.allowedItemTypeIds ?? null)
    ?? refuseBrokenLocations(world, command, next)
    ?? accept({ type: 'LocationTypeUpdated', data: next });
}

export function decideRemoveLocationType(command: { locationTypeId: string }, world: World): Decision<LocationTypeEvent> {
  const current = world.locationTypes.get(command.locationTypeId);
  if (!current) return reject('LOCATION_TYPE_NOT_FOUND', `location type ${command.locationTypeId} does not exist`);
  if (current.usage > 0) return reject('HAS_DEPENDANTS', `${current.usage} location(s) are of type ${current.name}`);
  return accept({ type: 'LocationTypeRemoved', data: { locationTypeId: current.id } });
}

/** A location type's own state; its usage is counted by the locations of the type (locations/handler.ts), not by its events. */
export function evolveLocationType(state: LocationTypeState | null, event: LocationTypeEvent): LocationTypeState | null {
  switch (event.type) {
    case 'LocationTypeDefined': {
      const { locationTypeId: id, name, allowedItemTypeIds, capacity } = event.data;
      return { id, name, allowedItemTypeIds, capacity, usage: 0 };
    }
    case 'LocationTypeUpdated': {
      const { name, allowedItemTypeIds, capacity } = event.data;
      return { ...state!, name, allowedItemTypeIds, capacity };
    }
    case 'LocationTypeRemoved':
      return null;
    default:
      return unhandled(event);
  }
}

export const locationTypeDecider: Decider<LocationTypeCommand, LocationTypeState, LocationTypeEvent> = {
  decide(command, world) {
    switch (command.type) {
      case 'DefineLocationType':
        return decideDefineLocationType(untagged(command), world);
      case 'UpdateLocationType':
        return decideUpdateLocationType(untagged(command), world);
      case 'RemoveLocationType':
        return decideRemoveLocationType(command, world);
      default:
        return unhandled(command);
    }
  },
  evolve: evolveLocationType,
  initialState: nothing,
};
