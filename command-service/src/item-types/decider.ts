import { schemaProblem } from '../domain/attributes.js';
import { claimOf, type WantedClaim } from '../domain/claims.js';
import { nothing, unhandled, untagged, type Decider, type DraftOf } from '../domain/decider.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import type { ItemTypeState, World } from '../domain/state.js';

export interface DefineItemType {
  itemTypeId: string;
  name: string;
  attributesSchema: string | null;
}

export type UpdateItemType = Pick<DefineItemType, 'itemTypeId'> & Partial<Omit<DefineItemType, 'itemTypeId'>>;

function refuseBadSchema(attributesSchema: string | null) {
  const problem = attributesSchema === null ? undefined : schemaProblem(attributesSchema);
  return problem === undefined ? undefined : reject('VALIDATION_FAILED', `attributesSchema is not a JSON Schema: ${problem}`);
}

export type ItemTypeCommand =
  | ({ type: 'DefineItemType' } & DefineItemType)
  | ({ type: 'UpdateItemType' } & UpdateItemType)
  | { type: 'RemoveItemType'; itemTypeId: string };

export type ItemTypeEvent = DraftOf<'ItemTypeDefined' | 'ItemTypeUpdated' | 'ItemTypeRemoved'>;

const nameClaim = (name: string): WantedClaim => ({ claim: claimOf('item-type-name', name), code: 'DUPLICATE_NAME', what: `item type name "${name}"` });

/** The unique values an item type holds: its name. */
export const itemTypeClaims = (state: ItemTypeState | null): WantedClaim[] => (state ? [nameClaim(state.name)] : []);

export function decideDefineItemType(command: DefineItemType, world: World): Decision<ItemTypeEvent> {
  return refuseExisting(world.itemTypes, command.itemTypeId) ?? refuseTakenClaims(world, [nameClaim(command.name)]) ?? refuseBadSchema(command.attributesSchema) ?? accept({ type: 'ItemTypeDefined', data: { ...command } });
}

/** A new attributes schema applies to later registrations and updates; existing items are not re-validated. */
export function decideUpdateItemType(command: UpdateItemType, world: World): Decision<ItemTypeEvent> {
  const current = world.itemTypes.get(command.itemTypeId);
  if (!current) return reject('ITEM_TYPE_NOT_FOUND', `item type ${command.itemTypeId} does not exist`);
  const next = {
    itemTypeId: current.id,
    name: command.name ?? current.name,
    attributesSchema: command.attributesSchema === undefined ? current.attributesSchema : command.attributesSchema,
  };
  const renamed = claimOf('item-type-name', next.name) !== claimOf('item-type-name', current.name);
  return (renamed ? refuseTakenClaims(world, [nameClaim(next.name)]) : undefined) ?? refuseBadSchema(next.attributesSchema) ?? accept({ type: 'ItemTypeUpdated', data: next });
}

export function decideRemoveItemType(command: { itemTypeId: string }, world: World): Decision<ItemTypeEvent> {
  const current = world.itemTypes.get(command.itemTypeId);
  if (!current) return reject('ITEM_TYPE_NOT_FOUND', `item type ${command.itemTypeId} does not exist`);
  if (current.usage > 0) return reject('HAS_DEPENDANTS', `${current.usage} item(s) are of type ${current.name}`);
  return accept({ type: 'ItemTypeRemoved', data: { itemTypeId: current.id } });
}

/** An item type's own state; its usage is counted by the items of the type (items/handler.ts), not by its events. */
export function evolveItemType(state: ItemTypeState | null, event: ItemTypeEvent): ItemTypeState | null {
  switch (event.type) {
    case 'ItemTypeDefined': {
      const { itemTypeId: id, name, attributesSchema } = event.data;
      return { id, name, attributesSchema, usage: 0 };
    }
    case 'ItemTypeUpdated': {
      const { name, attributesSchema } = event.data;
      return { ...state!, name, attributesSchema };
    }
    case 'ItemTypeRemoved':
      return null;
    default:
      return unhandled(event);
  }
}

export const itemTypeDecider: Decider<ItemTypeCommand, ItemTypeState, ItemTypeEvent> = {
  decide(command, world) {
    switch (command.type) {
      case 'DefineItemType':
        return decideDefineItemType(untagged(command), world);
      case 'UpdateItemType':
        return decideUpdateItemType(untagged(command), world);
      case 'RemoveItemType':
        return decideRemoveItemType(command, world);
      default:
        return unhandled(command);
    }
  },
  evolve: evolveItemType,
  initialState: nothing,
};
