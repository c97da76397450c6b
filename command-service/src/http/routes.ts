import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  HEADERS, ProblemError, assignRequestSchema, bulkMoveRequestSchema, bulkRegisterItemsRequestSchema, createItemRequestSchema, createItemTypeRequestSchema, createLocationRequestSchema,
  createLocationTypeRequestSchema, idParamsSchema, idempotencyKeySchema, moveRequestSchema, releaseQuerySchema, updateItemRequestSchema,
  updateItemTypeRequestSchema, updateLocationRequestSchema, updateLocationTypeRequestSchema, validationProblem, type InventoryEvent, type ProblemDetails,
} from '@inventory/contracts';
import { sendProblem } from '@inventory/platform';
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

function parse<T extends z.ZodType>(schema: T, value: unknown, part: 'body' | 'path' | 'query'): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problem = validationProblem(result.error, part);
    throw new ProblemError('VALIDATION_FAILED', problem.detail, { errors: problem.errors });
  }
  return result.data;
}

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

  /** Runs `execute` at most once per Idempotency-Key (when given) and sends its response with the route's success status. */
  const send = async (req: Request, res: Response, status: number, execute: (context: CommandContext) => Promise<unknown>) => {
    const context = contextOf(req);
    const run = async (mark?: CommandMark): Promise<StoredResponse> => ({ status, body: await execute({ ...context, mark }) });
    const key = req.header('idempotency-key');
    const { status: sent, body } = key === undefined ? await run()
      : await idempotency.run(context.actorId, parse(idempotencyKeySchema, key, 'query'), { method: req.method, path: req.path, body: req.body as unknown }, run);
    if (sent >= 400) {
      sendProblem(req, res, body as ProblemDetails);
      return;
    }
    // The contract declares the token as a response header too (the same value as the body field).
    const { consistencyToken } = body as { consistencyToken?: unknown };
    if (typeof consistencyToken === 'string') res.setHeader(HEADERS.consistencyToken, consistencyToken);
    res.status(sent).json(body);
  };
  const id = (req: Request) => parse(idParamsSchema, req.params, 'path').id;
  const deleted = async (produce: Promise<InventoryEvent[]>) => withToken(await produce, {});

  router.post('/api/v1/moves', (req, res) => send(req, res, 201, async (context) => {
    const body = parse(moveRequestSchema, req.body, 'body');
    const moved = await moves.move({ ...body, reason: nullable(body.reason) }, context);
    return withToken([moved], { move: moveOf(moved) });
  }));
  router.post('/api/v1/moves/bulk', (req, res) => send(req, res, 200, (context) => bulkMove(store, parse(bulkMoveRequestSchema, req.body, 'body').moves, context)));

  router.post('/api/v1/items/:id/assignment', (req, res) => send(req, res, 201, async (context) => {
    const body = parse(assignRequestSchema, req.body, 'body');
    const assigned = await assignChild(store, { childId: id(req), parentId: body.parentId, reason: nullable(body.reason) }, context);
    return withToken([assigned], { assignment: assignmentOf(assigned) });
  }));
  router.delete('/api/v1/items/:id/assignment', (req, res) => send(req, res, 200, async (context) => {
    const query = parse(releaseQuerySchema, req.query, 'query');
    const released = await releaseChild(store, { childId: id(req), reason: nullable(query.reason) }, context);
    return withToken([released], { assignment: assignmentOf(released) });
  }));

  router.post('/api/v1/items', (req, res) => send(req, res, 201, async (context) => {
    const { events, document, locationId } = await registerItem(store, parse(createItemRequestSchema, req.body, 'body'), context);
    return withToken(events, { item: itemOf(document, locationId) });
  }));
  router.post('/api/v1/items/bulk', (req, res) => send(req, res, 200, (context) => bulkRegisterItems(store, parse(bulkRegisterItemsRequestSchema, req.body, 'body').items, context)));
  router.patch('/api/v1/items/:id', (req, res) => send(req, res, 200, async (context) => {
    const { events, document, locationId } = await updateItem(store, { ...parse(updateItemRequestSchema, req.body, 'body'), itemId: id(req) }, context);
    return withToken(events, { item: itemOf(document, locationId) });
  }));
  router.delete('/api/v1/items/:id', (req, res) => send(req, res, 200, (context) => {
    const query = parse(releaseQuerySchema, req.query, 'query');
    return deleted(retireItem(store, { itemId: id(req), reason: nullable(query.reason) }, context));
  }));

  router.post('/api/v1/locations', (req, res) => send(req, res, 201, async (context) => {
    const { events, document } = await createLocation(store, parse(createLocationRequestSchema, req.body, 'body'), context);
    return withToken(events, { location: locationOf(document) });
  }));
  router.patch('/api/v1/locations/:id', (req, res) => send(req, res, 200, async (context) => {
    const { events, document } = await updateLocation(store, { ...parse(updateLocationRequestSchema, req.body, 'body'), locationId: id(req) }, context);
    return withToken(events, { location: locationOf(document) });
  }));
  router.delete('/api/v1/locations/:id', (req, res) => send(req, res, 200, (context) => deleted(deleteLocation(store, { locationId: id(req) }, context))));

  router.post('/api/v1/location-types', (req, res) => send(req, res, 201, async (context) => {
    const { events, document } = await locationTypeHandlers.define(store, parse(createLocationTypeRequestSchema, req.body, 'body'), context);
    return withToken(events, { locationType: locationTypeOf(document) });
  }));
  router.patch('/api/v1/location-types/:id', (req, res) => send(req, res, 200, async (context) => {
    const { events, document } = await locationTypeHandlers.update(store, { ...parse(updateLocationTypeRequestSchema, req.body, 'body'), id: id(req) }, context);
    return withToken(events, { locationType: locationTypeOf(document) });
  }));
  router.delete('/api/v1/location-types/:id', (req, res) => send(req, res, 200, (context) => deleted(locationTypeHandlers.remove(store, { id: id(req) }, context))));

  router.post('/api/v1/item-types', (req, res) => send(req, res, 201, async (context) => {
    const body = parse(createItemTypeRequestSchema, req.body, 'body');
    const { events, document } = await itemTypeHandlers.define(store, { name: body.name, attributesSchema: schemaText(body.attributesSchema) ?? null }, context);
    return withToken(events, { itemType: itemTypeOf(document) });
  }));
  router.patch('/api/v1/item-types/:id', (req, res) => send(req, res, 200, async (context) => {
    const body = parse(updateItemTypeRequestSchema, req.body, 'body');
    const { events, document } = await itemTypeHandlers.update(store, { id: id(req), name: body.name, attributesSchema: schemaText(body.attributesSchema) }, context);
    return withToken(events, { itemType: itemTypeOf(document) });
  }));
  router.delete('/api/v1/item-types/:id', (req, res) => send(req, res, 200, (context) => deleted(itemTypeHandlers.remove(store, { id: id(req) }, context))));

  return router;
}
