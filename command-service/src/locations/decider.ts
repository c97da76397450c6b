import { claimOf, type WantedClaim } from '../domain/claims.js';
import { nothing, unhandled, untagged, type Decider, type DraftOf } from '../domain/decider.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { findLocation, refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import type { LocationState, World } from '../domain/state.js';

export interface CreateLocation {
  locationId: string;
  code: string;
  name: string;
  locationTypeId: string;
  parentLocationId: string | null;
}

export interface UpdateLocation {
  locationId: string;
  code?: string;
  name?: string;
  parentLocationId?: string | null;
  active?: boolean;
}

export type LocationCommand =
  | ({ type: 'CreateLocation' } & CreateLocation)
  | ({ type: 'UpdateLocation' } & UpdateLocation)
  | { type: 'DeleteLocation'; locationId: string };

export type LocationEvent = DraftOf<'LocationCreated' | 'LocationUpdated' | 'LocationDeleted'>;

const codeClaim = (code: string): WantedClaim => ({ claim: claimOf('location-code', code), code: 'DUPLICATE_CODE', what: `location code "${code}"` });

/** The unique values a location holds: its code. */
export const locationClaims = (state: LocationState | null): WantedClaim[] => (state ? [codeClaim(state.code)] : []);

/** A new place inside a location is an arrival like an item's: the parent must exist and be active. */
function refuseParent(world: World, parentLocationId: string | null) {
  if (parentLocationId === null) return undefined;
  const parent = findLocation(world, parentLocationId);
  if (!parent.ok) return parent;
  return parent.value.active ? undefined : reject('LOCATION_INACTIVE', `location ${parent.value.code} is inactive: nothing new goes inside it`);
}

export function decideCreateLocation(command: CreateLocation, world: World): Decision<LocationEvent> {
  if (!world.locationTypes.has(command.locationTypeId)) return reject('LOCATION_TYPE_NOT_FOUND', `location type ${command.locationTypeId} does not exist`);
  return refuseExisting(world.locations, command.locationId) ?? refuseTakenClaims(world, [codeClaim(command.code)]) ?? refuseParent(world, command.parentLocationId) ?? accept({ type: 'LocationCreated', data: { ...command } });
}

/** Walks up from `parentLocationId`; meeting `locationId` means the move would make it its own ancestor. */
function wouldCycle(world: World, locationId: string, parentLocationId: string | null): boolean {
  for (let current = parentLocationId; current !== null; current = world.locations.get(current)?.parentLocationId ?? null) {
    if (current === locationId) return true;
  }
  return false;
}

export function decideUpdateLocation(command: UpdateLocation, world: World): Decision<LocationEvent> {
  const found = findLocation(world, command.locationId);
  if (!found.ok) return found;
  const current = found.value;
  const next = {
    locationId: current.id,
    code: command.code ?? current.code,
    name: command.name ?? current.name,
    parentLocationId: command.parentLocationId === undefined ? current.parentLocationId : command.parentLocationId,
    active: command.active ?? current.active,
  };
  const recoded = claimOf('location-code', next.code) !== claimOf('location-code', current.code);
  const taken = recoded ? refuseTakenClaims(world, [codeClaim(next.code)]) : undefined;
  if (taken) return taken;
  if (next.parentLocationId !== current.parentLocationId) {
    const refused = refuseParent(world, next.parentLocationId);
    if (refused) return refused;
    if (wouldCycle(world, current.id, next.parentLocationId)) return reject('LOCATION_CYCLE', `location ${current.code} cannot be inside itself or its sub-locations`);
  }
  return accept({ type: 'LocationUpdated', data: next });
}

export function decideDeleteLocation(command: { locationId: string }, world: World): Decision<LocationEvent> {
  const found = findLocation(world, command.locationId);
  if (!found.ok) return found;
  const { occupancy, subLocations, code } = found.value;
  if (occupancy > 0 || subLocations > 0) return reject('HAS_DEPENDANTS', `location ${code} holds ${occupancy} item(s) and ${subLocations} sub-location(s)`);
  return accept({ type: 'LocationDeleted', data: { locationId: command.locationId } });
}

/**
 * A location's own state. Its occupancy is counted by the holds of what arrives and leaves
 * (store/holds.ts), its sub-locations by its children's create, re-parent and delete: not by its events.
 */
export function evolveLocation(state: LocationState | null, event: LocationEvent): LocationState | null {
  switch (event.type) {
    case 'LocationCreated': {
      const { locationId: id, code, name, locationTypeId, parentLocationId } = event.data;
      return { id, code, name, locationTypeId, parentLocationId, active: true, occupancy: 0, subLocations: 0 };
    }
    case 'LocationUpdated': {
      const { code, name, parentLocationId, active } = event.data;
      return { ...state!, code, name, parentLocationId, active };
    }
    case 'LocationDeleted':
      return null;
    default:
      return unhandled(event);
  }
}

export const locationDecider: Decider<LocationCommand, LocationState, LocationEvent> = {
  decide(command, world) {
    switch (command.type) {
      case 'CreateLocation':
        return decideCreateLocation(untagged(command), world);
      case 'UpdateLocation':
        return decideUpdateLocation(command, world);
      case 'DeleteLocation':
        return decideDeleteLocation(command, world);
      default:
        return unhandled(command);
    }
  },
  evolve: evolveLocation,
  initialState: nothing,
};
