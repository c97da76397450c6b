import { randomUUID } from 'node:crypto';
import type { ItemTypeDocument } from '../store/documents.js';
import { catalogSpec } from '../store/catalog-aggregate.js';
import { handlerOf, type Ran } from '../store/command-handler.js';
import type { ItemTypeState } from '../domain/state.js';
import type { Handler } from '../store/store.js';
import { loadView } from '../store/view.js';
import { itemTypeClaims, itemTypeDecider, type DefineItemType, type UpdateItemType } from './decider.js';

const run = handlerOf(catalogSpec({
  family: 'itemTypes',
  decider: itemTypeDecider,
  claims: itemTypeClaims,
  aggregateId: (command) => command.itemTypeId,
  load: (model, command) => loadView(model, { itemTypes: [command.itemTypeId] }),
}));

const define: Handler<Omit<DefineItemType, 'itemTypeId'>, Ran<ItemTypeState, ItemTypeDocument>> = (store, request, context) =>
  run(store, { type: 'DefineItemType', ...request, itemTypeId: randomUUID() }, context);

const update: Handler<Omit<UpdateItemType, 'itemTypeId'> & { id: string }, Ran<ItemTypeState, ItemTypeDocument>> = (store, { id, ...request }, context) =>
  run(store, { type: 'UpdateItemType', ...request, itemTypeId: id }, context);

const remove: Handler<{ id: string }, Ran<ItemTypeState, ItemTypeDocument>> = (store, { id }, context) =>
  run(store, { type: 'RemoveItemType', itemTypeId: id }, context);

export const itemTypeHandlers = { define, update, remove };
