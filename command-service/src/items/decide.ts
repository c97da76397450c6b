import type { ItemRegistered } from '@inventory/contracts';
import { attributesProblem } from '../domain/attributes.js';
import { claimOf } from '../domain/claims.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { findItem, findLocation, refuseArrival, refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import type { World } from '../domain/state.js';

/** Registering asks for exactly what the ItemRegistered event will carry. */
export type RegisterItem = ItemRegistered['data'];

export interface UpdateItem {
  itemId: string;
  name?: string;
  serialNumber?: string | null;
  barcode?: string | null;
  attributes?: Record<string, string>;
}

export interface RetireItem {
  itemId: string;
  reason: string | null;
}

/** The unique values an item would newly take (unchanged ones are already its own). */
export function newIdentifierClaims(next: { serialNumber: string | null; barcode: string | null }, current?: { serialNumber: string | null; barcode: string | null }) {
  const wanted = [];
  if (next.serialNumber !== null && next.serialNumber !== current?.serialNumber) wanted.push({ claim: claimOf('serial', next.serialNumber), code: 'DUPLICATE_SERIAL' as const, what: `serial number "${next.serialNumber}"` });
  if (next.barcode !== null && next.barcode !== current?.barcode) wanted.push({ claim: claimOf('barcode', next.barcode), code: 'DUPLICATE_BARCODE' as const, what: `barcode "${next.barcode}"` });
  return wanted;
}

function refuseAttributes(world: World, itemTypeId: string, attributes: Record<string, string>): Decision | undefined {
  const problem = attributesProblem(world.itemTypes.get(itemTypeId)?.attributesSchema ?? null, attributes);
  return problem === undefined ? undefined : reject('INVALID_ATTRIBUTES', problem);
}

export function decideRegisterItem(command: RegisterItem, world: World): Decision {
  if (!world.itemTypes.has(command.itemTypeId)) return reject('ITEM_TYPE_NOT_FOUND', `item type ${command.itemTypeId} does not exist`);
  const location = findLocation(world, command.locationId);
  if (!location.ok) return location;
  return refuseExisting(world.items, command.itemId)
    ?? refuseTakenClaims(world, newIdentifierClaims(command))
    ?? refuseAttributes(world, command.itemTypeId, command.attributes)
    ?? refuseArrival(world, location.value, [command.itemTypeId])
    ?? accept({ type: 'ItemRegistered', data: { ...command } });
}

export function decideUpdateItem(command: UpdateItem, world: World): Decision {
  const found = findItem(world, command.itemId);
  if (!found.ok) return found;
  const current = found.value;
  const next = {
    itemId: current.id,
    name: command.name ?? current.name,
    serialNumber: command.serialNumber === undefined ? current.serialNumber : command.serialNumber,
    barcode: command.barcode === undefined ? current.barcode : command.barcode,
    attributes: command.attributes ?? current.attributes,
  };
  return refuseTakenClaims(world, newIdentifierClaims(next, current))
    ?? refuseAttributes(world, current.itemTypeId, next.attributes)
    ?? accept({ type: 'ItemUpdated', data: next });
}

/** Retiring frees the item's slot; a parent must be emptied and a child released first, so nothing dangles. */
export function decideRetireItem(command: RetireItem, world: World): Decision {
  const found = findItem(world, command.itemId);
  if (!found.ok) return found;
  const item = found.value;
  if (item.children.length > 0) return reject('HAS_DEPENDANTS', `item ${item.id} still carries ${item.children.length} child item(s)`);
  if (item.parentId !== null) return reject('CHILD_ASSIGNED_RETIRE_REFUSED', `item ${item.id} is assigned to ${item.parentId}: release it first`);
  return accept({ type: 'ItemRetired', data: { itemId: item.id, lastLocationId: item.locationId, reason: command.reason } });
}
