import type { CreateItemTypeRequest, UpdateItemTypeRequest } from '@inventory/contracts';
import { itemTypeOf } from '../http/resources.js';
import { deleted, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { itemTypeHandlers } from './handler.js';

/** The store keeps an item type's attributes schema as JSON text. */
const schemaText = (schema: Record<string, unknown> | null | undefined) => (schema === undefined ? undefined : schema === null ? null : JSON.stringify(schema));

export function mountItemTypeRoutes(command: CommandRoute, store: CommandStore): void {
  command<object, object, CreateItemTypeRequest>('createItemType', async ({ body }, context) => {
    const { events, document } = await itemTypeHandlers.define(store, { name: body.name, attributesSchema: schemaText(body.attributesSchema) ?? null }, context);
    return withToken(events, { itemType: itemTypeOf(document) });
  });
  command<IdParams, object, UpdateItemTypeRequest>('updateItemType', async ({ params, body }, context) => {
    const { events, document } = await itemTypeHandlers.update(store, { id: params.id, name: body.name, attributesSchema: schemaText(body.attributesSchema) }, context);
    return withToken(events, { itemType: itemTypeOf(document) });
  });
  command<IdParams>('deleteItemType', ({ params }, context) => deleted(itemTypeHandlers.remove(store, { id: params.id }, context)));
}
