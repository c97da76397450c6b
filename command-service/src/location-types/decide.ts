import { claimOf } from '../domain/claims.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import type { World } from '../domain/state.js';

export interface DefineLocationType {
  locationTypeId: string;
  name: string;
  allowedItemTypeIds: string[] | null;
  capacity: number | null;
}

export type UpdateLocationType = Pick<DefineLocationType, 'locationTypeId'> & Partial<Omit<DefineLocationType, 'locationTypeId'>>;

function refuseUnknownItemTypes(world: World, itemTypeIds: string[] | null): Decision | undefined {
  const unknown = itemTypeIds?.find((itemTypeId) => !world.itemTypes.has(itemTypeId));
  return unknown === undefined ? undefined : reject('ITEM_TYPE_NOT_FOUND', `item type ${unknown} does not exist`);
}

const nameClaim = (name: string) => ({ claim: claimOf('location-type-name', name), code: 'DUPLICATE_NAME' as const, what: `location type name "${name}"` });

export function decideDefineLocationType(command: DefineLocationType, world: World): Decision {
  return refuseExisting(world.locationTypes, command.locationTypeId) ?? refuseTakenClaims(world, [nameClaim(command.name)]) ?? refuseUnknownItemTypes(world, command.allowedItemTypeIds) ?? accept({ type: 'LocationTypeDefined', data: { ...command } });
}

/**
 * A lower capacity or a narrower allow-list applies to later arrivals: items already stored stay
 * (they are not evicted by a catalog edit).
 */
export function decideUpdateLocationType(command: UpdateLocationType, world: World): Decision {
  const current = world.locationTypes.get(command.locationTypeId);
  if (!current) return reject('LOCATION_TYPE_NOT_FOUND', `location type ${command.locationTypeId} does not exist`);
  const next = {
    locationTypeId: current.id,
    name: command.name ?? current.name,
    allowedItemTypeIds: command.allowedItemTypeIds === undefined ? current.allowedItemTypeIds : command.allowedItemTypeIds,
    capacity: command.capacity === undefined ? current.capacity : command.capacity,
  };
  const renamed = claimOf('location-type-name', next.name) !== claimOf('location-type-name', current.name);
  return (renamed ? refuseTakenClaims(world, [nameClaim(next.name)]) : undefined) ?? refuseUnknownItemTypes(world, next.allowedItemTypeIds) ?? accept({ type: 'LocationTypeUpdated', data: next });
}

export function decideRemoveLocationType(command: { locationTypeId: string }, world: World): Decision {
  const current = world.locationTypes.get(command.locationTypeId);
  if (!current) return reject('LOCATION_TYPE_NOT_FOUND', `location type ${command.locationTypeId} does not exist`);
  if (current.usage > 0) return reject('HAS_DEPENDANTS', `${current.usage} location(s) are of type ${current.name}`);
  return accept({ type: 'LocationTypeRemoved', data: { locationTypeId: current.id } });
}
