import { releaseQuerySchema, type BulkRegisterItemsRequest, type CreateItemRequest, type ReleaseQuery, type UpdateItemRequest } from '@inventory/contracts';
import { itemOf } from '../http/resources.js';
import { deleted, nullable, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { bulkRegisterItems } from './bulk-register.js';
import type { ItemState } from '../domain/state.js';
import type { Ran } from '../store/command-handler.js';
import type { ItemDocument } from '../store/documents.js';
import { physicalLocationOfItem, registerItem, retireItem, updateItem } from './handler.js';

export function mountItemRoutes(command: CommandRoute, store: CommandStore): void {
  const answer = (committed: Ran<ItemState, ItemDocument>) => withToken(committed.events, { item: itemOf(committed.document, physicalLocationOfItem(committed)) });
  command.single<object, object, CreateItemRequest, ItemState, ItemDocument>('createItem', ({ body }, context) => registerItem(store, body, context), answer);
  command.bulk<object, object, BulkRegisterItemsRequest>('registerItemsInBulk', ({ body }, context) => bulkRegisterItems(store, body.items, context));
  command.single<IdParams, object, UpdateItemRequest, ItemState, ItemDocument>('updateItem', ({ params, body }, context) => updateItem(store, { ...body, itemId: params.id }, context), answer);
  // Retiring takes a reason like a release (the contract's delete route names no query).
  command.single<IdParams, ReleaseQuery, undefined, ItemState, ItemDocument>('deleteItem',
    ({ params, query }, context) => retireItem(store, { itemId: params.id, reason: nullable(query.reason) }, context), deleted, { query: releaseQuerySchema });
}
