import { schemaProblem } from '../domain/attributes.js';
import { claimOf } from '../domain/claims.js';
import { accept, reject, type Decision } from '../domain/decision.js';
import { refuseExisting, refuseTakenClaims } from '../domain/rules.js';
import type { World } from '../domain/state.js';

export interface DefineItemType {
  itemTypeId: string;
  name: string;
  attributesSchema: string | null;
}

export type UpdateItemType = Pick<DefineItemType, 'itemTypeId'> & Partial<Omit<DefineItemType, 'itemTypeId'>>;

function refuseBadSchema(attributesSchema: string | null): Decision | undefined {
  const problem = attributesSchema === null ? undefined : schemaProblem(attributesSchema);
  return problem === undefined ? undefined : reject('VALIDATION_FAILED', `attributesSchema is not a JSON Schema: ${problem}`);
}

const nameClaim = (name: string) => ({ claim: claimOf('item-type-name', name), code: 'DUPLICATE_NAME' as const, what: `item type name "${name}"` });

export function decideDefineItemType(command: DefineItemType, world: World): Decision {
  return refuseExisting(world.itemTypes, command.itemTypeId) ?? refuseTakenClaims(world, [nameClaim(command.name)]) ?? refuseBadSchema(command.attributesSchema) ?? accept({ type: 'ItemTypeDefined', data: { ...command } });
}

/** A new attributes schema applies to later registrations and updates; existing items are not re-validated. */
export function decideUpdateItemType(command: UpdateItemType, world: World): Decision {
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

export function decideRemoveItemType(command: { itemTypeId: string }, world: World): Decision {
  const current = world.itemTypes.get(command.itemTypeId);
  if (!current) return reject('ITEM_TYPE_NOT_FOUND', `item type ${command.itemTypeId} does not exist`);
  if (current.usage > 0) return reject('HAS_DEPENDANTS', `${current.usage} item(s) are of type ${current.name}`);
  return accept({ type: 'ItemTypeRemoved', data: { itemTypeId: current.id } });
}
