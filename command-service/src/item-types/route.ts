import type { CreateItemTypeRequest, UpdateItemTypeRequest } from '@inventory/contracts';
import { itemTypeOf } from '../http/resources.js';
import { deleted, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { ItemTypeState } from '../domain/state.js';
import type { Ran } from '../store/command-handler.js';
import type { ItemTypeDocument } from '../store/documents.js';
import type { CommandStore } from '../store/store.js';
import { itemTypeHandlers } from './handler.js';

/** The store keeps an item type's attributes schema as JSON text. */
const schemaText = (schema: Record<string, unknown> | null | undefined) => (schema === undefined ? undefined : schema === null ? null : JSON.stringify(schema));

export function mountItemTypeRoutes(command: CommandRoute, store: CommandStore): void {
  const answer = ({ events, document }: Ran<ItemTypeState, ItemTypeDocument>) => withToken(events, { itemType: itemTypeOf(document) });
  command.single<object, object, CreateItemTypeRequest, ItemTypeState, ItemTypeDocument>('createItemType',
    ({ body }, context) => itemTypeHandlers.define(store, { name: body.name, attributesSchema: schemaText(body.attributesSchema) ?? null }, context), answer);
  command.single<IdParams, object, UpdateItemTypeRequest, ItemTypeState, ItemTypeDocument>('updateItemType',
    ({ params, body }, context) => itemTypeHandlers.update(store, { id: params.id, name: body.name, attributesSchema: schemaText(body.attributesSchema) }, context), answer);
  command.single<IdParams, Record<string, never>, undefined, ItemTypeState, ItemTypeDocument>('deleteItemType', ({ params }, context) => itemTypeHandlers.remove(store, { id: params.id }, context), deleted);
}
