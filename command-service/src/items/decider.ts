import type { ItemRegistered } from '@inventory/contracts';
import { attributesProblem } from '../domain/attributes.js';
import { claimOf, type WantedClaim } from '../domain/claims.js';
import { nothing, unhandled, untagged, type Decider, type DraftOf } from '../domain/decider.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { findItem, findLocation, refuseArrival, refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import type { ItemState, World } from '../domain/state.js';

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

export type ItemCommand =
  | ({ type: 'RegisterItem' } & RegisterItem)
  | ({ type: 'UpdateItem' } & UpdateItem)
  | ({ type: 'RetireItem' } & RetireItem);

/** Every event of the item family: moves and assignments change items too (moves/, assignment/). */
export type ItemEvent = DraftOf<'ItemRegistered' | 'ItemUpdated' | 'ItemRetired' | 'ItemMoved' | 'ChildAssigned' | 'ChildReleased'>;

type Identifiers = { serialNumber: string | null; barcode: string | null };

/** The unique values an item holds: its serial number and barcode, when it has them. */
export function identifierClaims(item: Identifiers | null): WantedClaim[] {
  const held: WantedClaim[] = [];
  if (item?.serialNumber != null) held.push({ claim: claimOf('serial', item.serialNumber), code: 'DUPLICATE_SERIAL', what: `serial number "${item.serialNumber}"` });
  if (item?.barcode != null) held.push({ claim: claimOf('barcode', item.barcode), code: 'DUPLICATE_BARCODE', what: `barcode "${item.barcode}"` });
  return held;
}

/** The unique values an item would newly take (those it holds already are its own). */
export function newIdentifierClaims(next: Identifiers, current?: Identifiers): WantedClaim[] {
  const held = new Set(identifierClaims(current ?? null).map(({ claim }) => claim));
  return identifierClaims(next).filter(({ claim }) => !held.has(claim));
}

function refuseAttributes(world: World, itemTypeId: string, attributes: Record<string, string>) {
  const problem = attributesProblem(world.itemTypes.get(itemTypeId)?.attributesSchema ?? null, attributes);
  return problem === undefined ? undefined : reject('INVALID_ATTRIBUTES', problem);
}

export function decideRegisterItem(command: RegisterItem, world: World): Decision<ItemEvent> {
  if (!world.itemTypes.has(command.itemTypeId)) return reject('ITEM_TYPE_NOT_FOUND', `item type ${command.itemTypeId} does not exist`);
  const location = findLocation(world, command.locationId);
  if (!location.ok) return location;
  return refuseExisting(world.items, command.itemId)
    ?? refuseTakenClaims(world, newIdentifierClaims(command))
    ?? refuseAttributes(world, command.itemTypeId, command.attributes)
    ?? refuseArrival(world, location.value, [command.itemTypeId])
    ?? accept({ type: 'ItemRegistered', data: { ...command } });
}

export function decideUpdateItem(command: UpdateItem, world: World): Decision<ItemEvent> {
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
export function decideRetireItem(command: RetireItem, world: World): Decision<ItemEvent> {
  const found = findItem(world, command.itemId);
  if (!found.ok) return found;
  const item = found.value;
  if (item.children.length > 0) return reject('HAS_DEPENDANTS', `item ${item.id} still carries ${item.children.length} child item(s)`);
  if (item.parentId !== null) return reject('CHILD_ASSIGNED_RETIRE_REFUSED', `item ${item.id} is assigned to ${item.parentId}: release it first`);
  return accept({ type: 'ItemRetired', data: { itemId: item.id, lastLocationId: item.locationId, reason: command.reason } });
}

/**
 * An item's own state, over every event of the family. A parent's list of children is kept by the
 * assignment protocol (assignment/handler.ts), which writes it on the parent: the events belong to the child.
 */
export function evolveItem(state: ItemState | null, event: ItemEvent): ItemState | null {
  switch (event.type) {
    case 'ItemRegistered': {
      const { itemId: id, locationId, ...fields } = event.data;
      return { id, ...fields, locationId, parentId: null, children: [] };
    }
    case 'ItemUpdated': {
      const { name, serialNumber, barcode, attributes } = event.data;
      return { ...state!, name, serialNumber, barcode, attributes };
    }
    case 'ItemRetired':
      return null;
    case 'ItemMoved':
      return { ...state!, locationId: event.data.toLocationId };
    case 'ChildAssigned':
      return { ...state!, locationId: null, parentId: event.data.parentId };
    case 'ChildReleased':
      return { ...state!, locationId: event.data.locationId, parentId: null };
    default:
      return unhandled(event);
  }
}

export const itemDecider: Decider<ItemCommand, ItemState, ItemEvent> = {
  decide(command, world) {
    switch (command.type) {
      case 'RegisterItem':
        return decideRegisterItem(untagged(command), world);
      case 'UpdateItem':
        return decideUpdateItem(command, world);
      case 'RetireItem':
        return decideRetireItem(command, world);
      default:
        return unhandled(command);
    }
  },
  evolve: evolveItem,
  initialState: nothing,
};
