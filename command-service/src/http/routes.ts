import { Router, type Request } from 'express';
import { HEADERS, ProblemError, idempotencyKeySchema, parseRequestPart, type ProblemDetails } from '@inventory/contracts';
import { contractRoute, sendProblem, type ContractRequest, type ContractRouteOptions } from '@inventory/platform';
import { mountAssignmentRoutes } from '../assignment/route.js';
import { mountItemTypeRoutes } from '../item-types/route.js';
import { mountItemRoutes } from '../items/route.js';
import { mountLocationTypeRoutes } from '../location-types/route.js';
import { mountLocationRoutes } from '../locations/route.js';
import { mountMoveRoutes } from '../moves/route.js';
import type { CommandMark, Committed, StoredResponse } from '../store/command-mark.js';
import type { CommandRoute } from './command-route.js';
import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import type { IdempotencyKeys } from './idempotency.js';

/** Headers the gateway sets after authenticating the caller. */
export const ACTOR_HEADER = 'x-actor-id';

function contextOf(req: Request): CommandContext {
  const actorId = req.header(ACTOR_HEADER);
  if (!actorId) throw new ProblemError('VALIDATION_FAILED', `header ${ACTOR_HEADER} is required`, { errors: [{ in: 'header', pointer: `/${ACTOR_HEADER}`, detail: 'required' }] });
  return { actorId, correlationId: req.correlationId };
}

/** Every slice mounts its own command routes (its route.ts, next to its handler and tests). */
export function commandRoutes(store: CommandStore, idempotency: IdempotencyKeys): Router {
  const router = Router();
  const mount = (operationId: string, execute: (request: ContractRequest<never, never, never>, context: CommandContext) => Promise<object>, answerOf: ((committed: Committed) => object) | undefined, options?: ContractRouteOptions) =>
    contractRoute(router, operationId, async (request) => {
      const { req, res, route } = request;
      const context = contextOf(req);
      const respond = (body: object): StoredResponse => ({ status: route.response.status, body });
      const run = async (mark?: CommandMark): Promise<StoredResponse> => respond(await execute(request as never, { ...context, mark }));
      const key = req.header('idempotency-key');
      const { status: sent, body } = key === undefined ? await run()
        : await idempotency.run(context.actorId, parseRequestPart(idempotencyKeySchema, key, 'query'), { method: req.method, path: req.path, body: req.body as unknown }, run, answerOf && ((committed) => respond(answerOf(committed))));
      if (sent >= 400) {
        sendProblem(req, res, body as ProblemDetails);
        return;
      }
      // The contract declares the token as a response header too (the same value as the body field).
      const { consistencyToken } = body as { consistencyToken?: unknown };
      if (typeof consistencyToken === 'string') res.setHeader(HEADERS.consistencyToken, consistencyToken);
      res.status(sent).json(body);
    }, options);
  const command: CommandRoute = {
    // Every commit hands the answer a full Ran (command-handler.ts, moves/batch.ts), whatever the route's types.
    single: (operationId, execute, answer, options) => mount(operationId, async (request, context) => answer(await execute(request as never, context)), answer as unknown as (committed: Committed) => object, options),
    bulk: (operationId, execute, options) => mount(operationId, execute as never, undefined, options),
  };
  for (const mountSlice of [mountMoveRoutes, mountAssignmentRoutes, mountItemRoutes, mountLocationRoutes, mountLocationTypeRoutes, mountItemTypeRoutes]) mountSlice(command, store);
  return router;
}
