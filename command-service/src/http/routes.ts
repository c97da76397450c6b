import { Router, type Request, type Response } from 'express';
import pLimit from 'p-limit';
import type { z } from 'zod';
import {
  ProblemError, assignRequestSchema, bulkMoveRequestSchema, createItemRequestSchema, createItemTypeRequestSchema, createLocationRequestSchema,
  createLocationTypeRequestSchema, encodeConsistencyToken, idParamsSchema, idempotencyKeySchema, moveRequestSchema, releaseQuerySchema,
  updateItemRequestSchema, updateItemTypeRequestSchema, updateLocationRequestSchema, updateLocationTypeRequestSchema, validationProblem, type InventoryEvent,
  type ProblemDetails,
} from '@inventory/contracts';
import { sendProblem } from '@inventory/platform';
import { assignChild, releaseChild } from '../assignment/handler.js';
import { itemTypeHandlers } from '../item-types/handler.js';
import { registerItem, retireItem, updateItem } from '../items/handler.js';
import { locationTypeHandlers } from '../location-types/handler.js';
import { createLocation, deleteLocation, updateLocation } from '../locations/handler.js';
import { moveItem } from '../moves/handler.js';
import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import type { IdempotencyKeys, StoredResponse } from './idempotency.js';
import { commandResponse } from './responses.js';

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

/** Moves of one bulk request run side by side, bounded so one request cannot starve the others. */
const BULK_CONCURRENCY = 16;

export function commandRoutes(store: CommandStore, idempotency: IdempotencyKeys): Router {
  const router = Router();

  /** Runs `execute` at most once per Idempotency-Key (when given) and sends its response. */
  const send = async (req: Request, res: Response, status: number, execute: (context: CommandContext) => Promise<unknown>) => {
    const context = contextOf(req);
    const run = async (): Promise<StoredResponse> => ({ status, body: await execute(context) });
    const key = req.header('idempotency-key');
    const { status: sent, body } = key === undefined ? await run()
      : await idempotency.run(context.actorId, parse(idempotencyKeySchema, key, 'query'), { method: req.method, path: req.path, body: req.body as unknown }, run);
    if (sent >= 400) sendProblem(req, res, body as ProblemDetails);
    else res.status(sent).json(body);
  };
  const events = (produce: Promise<InventoryEvent[]>) => produce.then(commandResponse);
  const id = (req: Request) => parse(idParamsSchema, req.params, 'path').id;

  router.post('/api/v1/moves', (req, res) => send(req, res, 201, (context) => {
    const body = parse(moveRequestSchema, req.body, 'body');
    return events(moveItem(store, { ...body, reason: nullable(body.reason) }, context));
  }));

  /** Per-item outcomes, not all-or-nothing: a scanner's batch should not fail because one item is full. */
  router.post('/api/v1/moves/bulk', (req, res) => send(req, res, 200, async (context) => {
    const { moves } = parse(bulkMoveRequestSchema, req.body, 'body');
    const limit = pLimit(BULK_CONCURRENCY);
    const results = await Promise.all(moves.map((move, index) => limit(async () => {
      try {
        return { index, outcome: 'MOVED' as const, ...commandResponse(await moveItem(store, { ...move, reason: nullable(move.reason) }, context)) };
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        return { index, outcome: 'REJECTED' as const, itemId: move.itemId, problem: error.toProblem() };
      }
    })));
    const positions = results.flatMap((result) => (result.outcome === 'MOVED' ? [{ aggregateId: result.aggregateId, aggregateVersion: result.version }] : []));
    return { results, consistencyToken: positions.length > 0 ? encodeConsistencyToken(positions) : null };
  }));

  router.post('/api/v1/items/:id/assignment', (req, res) => send(req, res, 201, (context) => {
    const body = parse(assignRequestSchema, req.body, 'body');
    return events(assignChild(store, { childId: id(req), parentId: body.parentId, reason: nullable(body.reason) }, context));
  }));
  router.delete('/api/v1/items/:id/assignment', (req, res) => send(req, res, 200, (context) => {
    const query = parse(releaseQuerySchema, req.query, 'query');
    return events(releaseChild(store, { childId: id(req), reason: nullable(query.reason) }, context));
  }));

  router.post('/api/v1/items', (req, res) => send(req, res, 201, (context) => events(registerItem(store, parse(createItemRequestSchema, req.body, 'body'), context))));
  router.patch('/api/v1/items/:id', (req, res) => send(req, res, 200, (context) => events(updateItem(store, { ...parse(updateItemRequestSchema, req.body, 'body'), itemId: id(req) }, context))));
  router.delete('/api/v1/items/:id', (req, res) => send(req, res, 200, (context) => {
    const query = parse(releaseQuerySchema, req.query, 'query');
    return events(retireItem(store, { itemId: id(req), reason: nullable(query.reason) }, context));
  }));

  router.post('/api/v1/locations', (req, res) => send(req, res, 201, (context) => events(createLocation(store, parse(createLocationRequestSchema, req.body, 'body'), context))));
  router.patch('/api/v1/locations/:id', (req, res) => send(req, res, 200, (context) => events(updateLocation(store, { ...parse(updateLocationRequestSchema, req.body, 'body'), locationId: id(req) }, context))));
  router.delete('/api/v1/locations/:id', (req, res) => send(req, res, 200, (context) => events(deleteLocation(store, { locationId: id(req) }, context))));

  router.post('/api/v1/location-types', (req, res) => send(req, res, 201, (context) => events(locationTypeHandlers.define(store, parse(createLocationTypeRequestSchema, req.body, 'body'), context))));
  router.patch('/api/v1/location-types/:id', (req, res) => send(req, res, 200, (context) => events(locationTypeHandlers.update(store, { ...parse(updateLocationTypeRequestSchema, req.body, 'body'), id: id(req) }, context))));
  router.delete('/api/v1/location-types/:id', (req, res) => send(req, res, 200, (context) => events(locationTypeHandlers.remove(store, { id: id(req) }, context))));

  router.post('/api/v1/item-types', (req, res) => send(req, res, 201, (context) => {
    const body = parse(createItemTypeRequestSchema, req.body, 'body');
    return events(itemTypeHandlers.define(store, { name: body.name, attributesSchema: schemaText(body.attributesSchema) ?? null }, context));
  }));
  router.patch('/api/v1/item-types/:id', (req, res) => send(req, res, 200, (context) => {
    const body = parse(updateItemTypeRequestSchema, req.body, 'body');
    return events(itemTypeHandlers.update(store, { id: id(req), name: body.name, attributesSchema: schemaText(body.attributesSchema) }, context));
  }));
  router.delete('/api/v1/item-types/:id', (req, res) => send(req, res, 200, (context) => events(itemTypeHandlers.remove(store, { id: id(req) }, context))));

  return router;
}
