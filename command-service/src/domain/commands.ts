import { decideAssign, decideRelease, type AssignChild, type ReleaseChild } from '../assignment/decide.js';
import { decideDefineItemType, decideRemoveItemType, decideUpdateItemType, type DefineItemType, type UpdateItemType } from '../item-types/decide.js';
import { decideRegisterItem, decideRetireItem, decideUpdateItem, type RegisterItem, type RetireItem, type UpdateItem } from '../items/decide.js';
import { decideDefineLocationType, decideRemoveLocationType, decideUpdateLocationType, type DefineLocationType, type UpdateLocationType } from '../location-types/decide.js';
import { decideCreateLocation, decideDeleteLocation, decideUpdateLocation, type CreateLocation, type UpdateLocation } from '../locations/decide.js';
import { decideMove, type MoveItem } from '../moves/decide.js';
import type { Decision } from './decision.js';
import type { World } from './state.js';

/** Every command of the write side, tagged; the property tests drive the whole domain through it. */
export type Command =
  | ({ type: 'DefineLocationType' } & DefineLocationType)
  | ({ type: 'UpdateLocationType' } & UpdateLocationType)
  | { type: 'RemoveLocationType'; locationTypeId: string }
  | ({ type: 'DefineItemType' } & DefineItemType)
  | ({ type: 'UpdateItemType' } & UpdateItemType)
  | { type: 'RemoveItemType'; itemTypeId: string }
  | ({ type: 'CreateLocation' } & CreateLocation)
  | ({ type: 'UpdateLocation' } & UpdateLocation)
  | { type: 'DeleteLocation'; locationId: string }
  | ({ type: 'RegisterItem' } & RegisterItem)
  | ({ type: 'UpdateItem' } & UpdateItem)
  | ({ type: 'RetireItem' } & RetireItem)
  | ({ type: 'MoveItem' } & MoveItem)
  | ({ type: 'AssignChild' } & AssignChild)
  | ({ type: 'ReleaseChild' } & ReleaseChild);

type Deciders = { [K in Command['type']]: (command: Extract<Command, { type: K }>, world: World) => Decision };

const deciders: Deciders = {
  DefineLocationType: decideDefineLocationType,
  UpdateLocationType: decideUpdateLocationType,
  RemoveLocationType: decideRemoveLocationType,
  DefineItemType: decideDefineItemType,
  UpdateItemType: decideUpdateItemType,
  RemoveItemType: decideRemoveItemType,
  CreateLocation: decideCreateLocation,
  UpdateLocation: decideUpdateLocation,
  DeleteLocation: decideDeleteLocation,
  RegisterItem: decideRegisterItem,
  UpdateItem: decideUpdateItem,
  RetireItem: decideRetireItem,
  MoveItem: decideMove,
  AssignChild: decideAssign,
  ReleaseChild: decideRelease,
};

export function decide(command: Command, world: World): Decision {
  // Drop the tag: deciders copy command fields into event data.
  const { type, ...fields } = command;
  return (deciders[type] as (fields: unknown, world: World) => Decision)(fields, world);
}
