import { Router, type Request } from 'express';
import {
  HEADERS, ProblemError, idempotencyKeySchema, parseRequestPart, releaseQuerySchema, type AssignRequest, type BulkMoveRequest, type BulkRegisterItemsRequest,
  type CreateItemRequest, type CreateItemTypeRequest, type CreateLocationRequest, type CreateLocationTypeRequest, type InventoryEvent, type MoveRequest, type ProblemDetails,
  type ReleaseQuery, type UpdateItemRequest, type UpdateItemTypeRequest, type UpdateLocationRequest, type UpdateLocationTypeRequest,
} from '@inventory/contracts';
import { contractRoute, sendProblem, type ContractRequest, type ContractRouteOptions } from '@inventory/platform';
import { assignChild, releaseChild } from '../assignment/handler.js';
import { itemTypeHandlers } from '../item-types/handler.js';
import { bulkRegisterItems } from '../items/bulk-register.js';
import { registerItem, retireItem, updateItem } from '../items/handler.js';
import { locationTypeHandlers } from '../location-types/handler.js';
import { createLocation, deleteLocation, updateLocation } from '../locations/handler.js';
import { MoveBatcher } from '../moves/batcher.js';
import type { CommandMark } from '../store/command-mark.js';
import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import type { IdempotencyKeys, StoredResponse } from './idempotency.js';
import { bulkMove } from './bulk.js';
import { assignmentOf, itemOf, itemTypeOf, locationOf, locationTypeOf, moveOf } from './resources.js';
import { withToken } from './responses.js';

/** Headers the gateway sets after authenticating the caller. */
export const ACTOR_HEADER = 'x-actor-id';

function contextOf(req: Request): CommandContext {
  const actorId = req.header(ACTOR_HEADER);
  if (!actorId) throw new ProblemError('VALIDATION_FAILED', `header ${ACTOR_HEADER} is required`, { errors: [{ in: 'header', pointer: `/${ACTOR_HEADER}`, detail: 'required' }] });
  return { actorId, correlationId: req.correlationId };
}

const nullable = <T>(value: T | undefined): T | null => value ?? null;
const schemaText = (schema: Record<string, unknown> | null | undefined) => (schema === undefined ? undefined : schema === null ? null : JSON.stringify(schema));

export function commandRoutes(store: CommandStore, idempotency: IdempotencyKeys): Router {
  const router = Router();
  const moves = new MoveBatcher(store);

  /**
   * Mounts one command route of the contract (contractRoute parses its parts): `execute` runs at
   * most once per Idempotency-Key (when given) and its answer goes out with the route's success status.
   */
  const command = <TParams = Record<string, never>, TQuery = Record<string, never>, TBody = undefined>(
    operationId: string,
    execute: (request: ContractRequest<TParams, TQuery, TBody>, context: CommandContext) => Promise<unknown>,
    options?: ContractRouteOptions,
  ) => contractRoute<TParams, TQuery, TBody>(router, operationId, async (request) => {
    const { req, res, route } = request;
    const context = contextOf(req);
    const run = async (mark?: CommandMark): Promise<StoredResponse> => ({ status: route.response.status, body: await execute(request, { ...context, mark }) });
    const key = req.header('idempotency-key');
    const { status: sent, body } = key === undefined ? await run()
      : await idempotency.run(context.actorId, parseRequestPart(idempotencyKeySchema, key, 'query'), { method: req.method, path: req.path, body: req.body as unknown }, run);
    if (sent >= 400) {
      sendProblem(req, res, body as ProblemDetails);
      return;
    }
    // The contract declares the token as a response header too (the same value as the body field).
    const { consistencyToken } = body as { consistencyToken?: unknown };
    if (typeof consistencyToken === 'string') res.setHeader(HEADERS.consistencyToken, consistencyToken);
    res.status(sent).json(body);
  }, options);
  const deleted = async (produce: Promise<InventoryEvent[]>) => withToken(await produce, {});
  type Id = { id: string };
  const withReason = { query: releaseQuerySchema };

  command<object, object, MoveRequest>('moveItem', async ({ body }, context) => {
    const moved = await moves.move({ ...body, reason: nullable(body.reason) }, context);
    return withToken([moved], { move: moveOf(moved) });
  });
  command<object, object, BulkMoveRequest>('moveItemsInBulk', ({ body }, context) => bulkMove(store, body.moves, context));

  command<Id, object, AssignRequest>('assignChild', async ({ params, body }, context) => {
    const assigned = await assignChild(store, { childId: params.id, parentId: body.parentId, reason: nullable(body.reason) }, context);
    return withToken([assigned], { assignment: assignmentOf(assigned) });
  });
  command<Id, ReleaseQuery>('releaseChild', async ({ params, query }, context) => {
    const released = await releaseChild(store, { childId: params.id, reason: nullable(query.reason) }, context);
    return withToken([released], { assignment: assignmentOf(released) });
  }, withReason);

  command<object, object, CreateItemRequest>('createItem', async ({ body }, context) => {
    const { events, document, locationId } = await registerItem(store, body, context);
    return withToken(events, { item: itemOf(document, locationId) });
  });
  command<object, object, BulkRegisterItemsRequest>('registerItemsInBulk', ({ body }, context) => bulkRegisterItems(store, body.items, context));
  command<Id, object, UpdateItemRequest>('updateItem', async ({ params, body }, context) => {
    const { events, document, locationId } = await updateItem(store, { ...body, itemId: params.id }, context);
    return withToken(events, { item: itemOf(document, locationId) });
  });
  command<Id, ReleaseQuery>('deleteItem', ({ params, query }, context) => deleted(retireItem(store, { itemId: params.id, reason: nullable(query.reason) }, context)), withReason);

  command<object, object, CreateLocationRequest>('createLocation', async ({ body }, context) => {
    const { events, document } = await createLocation(store, body, context);
    return withToken(events, { location: locationOf(document) });
  });
  command<Id, object, UpdateLocationRequest>('updateLocation', async ({ params, body }, context) => {
    const { events, document } = await updateLocation(store, { ...body, locationId: params.id }, context);
    return withToken(events, { location: locationOf(document) });
  });
  command<Id>('deleteLocation', ({ params }, context) => deleted(deleteLocation(store, { locationId: params.id }, context)));

  command<object, object, CreateLocationTypeRequest>('createLocationType', async ({ body }, context) => {
    const { events, document } = await locationTypeHandlers.define(store, body, context);
    return withToken(events, { locationType: locationTypeOf(document) });
  });
  command<Id, object, UpdateLocationTypeRequest>('updateLocationType', async ({ params, body }, context) => {
    const { events, document } = await locationTypeHandlers.update(store, { ...body, id: params.id }, context);
    return withToken(events, { locationType: locationTypeOf(document) });
  });
  command<Id>('deleteLocationType', ({ params }, context) => deleted(locationTypeHandlers.remove(store, { id: params.id }, context)));

  command<object, object, CreateItemTypeRequest>('createItemType', async ({ body }, context) => {
    const { events, document } = await itemTypeHandlers.define(store, { name: body.name, attributesSchema: schemaText(body.attributesSchema) ?? null }, context);
    return withToken(events, { itemType: itemTypeOf(document) });
  });
  command<Id, object, UpdateItemTypeRequest>('updateItemType', async ({ params, body }, context) => {
    const { events, document } = await itemTypeHandlers.update(store, { id: params.id, name: body.name, attributesSchema: schemaText(body.attributesSchema) }, context);
    return withToken(events, { itemType: itemTypeOf(document) });
  });
  command<Id>('deleteItemType', ({ params }, context) => deleted(itemTypeHandlers.remove(store, { id: params.id }, context)));

  return router;
}
