import { releaseQuerySchema, type BulkRegisterItemsRequest, type CreateItemRequest, type ReleaseQuery, type UpdateItemRequest } from '@inventory/contracts';
import { itemOf } from '../http/resources.js';
import { deleted, nullable, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { bulkRegisterItems } from './bulk-register.js';
import { registerItem, retireItem, updateItem } from './handler.js';

export function mountItemRoutes(command: CommandRoute, store: CommandStore): void {
  command<object, object, CreateItemRequest>('createItem', async ({ body }, context) => {
    const { events, document, locationId } = await registerItem(store, body, context);
    return withToken(events, { item: itemOf(document, locationId) });
  });
  command<object, object, BulkRegisterItemsRequest>('registerItemsInBulk', ({ body }, context) => bulkRegisterItems(store, body.items, context));
  command<IdParams, object, UpdateItemRequest>('updateItem', async ({ params, body }, context) => {
    const { events, document, locationId } = await updateItem(store, { ...body, itemId: params.id }, context);
    return withToken(events, { item: itemOf(document, locationId) });
  });
  // Retiring takes a reason like a release (the contract's delete route names no query).
  command<IdParams, ReleaseQuery>('deleteItem', ({ params, query }, context) => deleted(retireItem(store, { itemId: params.id, reason: nullable(query.reason) }, context)), { query: releaseQuerySchema });
}
