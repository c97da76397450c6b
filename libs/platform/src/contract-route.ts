import { API_BASE_PATH, ROUTES, parseRequestPart, toExpressPath, type RouteContract } from '@inventory/contracts';
import type { IRouter, Request, Response } from 'express';
import type { z } from 'zod';

/** A request to one contract route, its parts parsed with the route's schemas. */
export interface ContractRequest<TParams, TQuery, TBody> {
  route: RouteContract;
  params: TParams;
  query: TQuery;
  body: TBody;
  req: Request;
  res: Response;
}

export interface ContractRouteOptions {
  /** The query schema, where this service accepts other parameters than the contract names (else the contract's). */
  query?: z.ZodType;
  /** Query keys the handler reads itself (a report's `format`), left out before the schema parses the rest. */
  ownQueryKeys?: readonly string[];
}

export function contractRouteOf(operationId: string): RouteContract {
  const route = ROUTES.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId} in the contract`);
  return route;
}

const withoutKeys = (value: unknown, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !keys.includes(key)));

/**
 * Mounts one route of the REST contract, named by its operationId, at the path the gateway
 * exposes, the way every service mounts its routes: path, query and body parsed with the
 * contract's schemas (a refusal is a thrown 400 VALIDATION_FAILED, which the service's problem
 * handler answers), then the handler. The handler answers itself or returns the JSON body, which
 * is sent with the contract's success status.
 */
export function contractRoute<TParams = Record<string, never>, TQuery = Record<string, never>, TBody = undefined>(
  router: IRouter,
  operationId: string,
  handle: (request: ContractRequest<TParams, TQuery, TBody>) => Promise<unknown>,
  options: ContractRouteOptions = {},
): void {
  const route = contractRouteOf(operationId);
  const querySchema = options.query ?? route.query;
  router[route.method](`${API_BASE_PATH}${toExpressPath(route.path)}`, async (req, res) => {
    const params = (route.params ? parseRequestPart(route.params, req.params, 'path') : {}) as TParams;
    const query = (querySchema ? parseRequestPart(querySchema, withoutKeys(req.query, options.ownQueryKeys ?? []), 'query') : {}) as TQuery;
    const body = (route.body ? parseRequestPart(route.body, req.body, 'body') : undefined) as TBody;
    const answer = await handle({ route, params, query, body, req, res });
    if (!res.headersSent) res.status(route.response.status).json(answer);
  });
}
