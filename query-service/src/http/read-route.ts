import { API_BASE_PATH, HEADERS, ProblemError, ROUTES, toExpressPath, validationProblem } from '@inventory/contracts';
import { awaitConsistency, type ActiveSpace, type ReadModelSpace } from '@inventory/projection';
import type { Express } from 'express';
import type { z } from 'zod';

export interface ReadRequest<TParams, TQuery> {
  params: TParams;
  query: TQuery;
  space: ReadModelSpace;
  /** The request carried a Consistency-Token: cached derived state must be re-checked, not trusted for a while. */
  consistent: boolean;
}

export interface ReadRoutes {
  app: Express;
  spaces: ActiveSpace;
  consistencyTimeoutMs: number;
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, part: 'path' | 'query'): T {
  if (!schema) return {} as T;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { detail, errors } = validationProblem(parsed.error, part);
  throw new ProblemError('VALIDATION_FAILED', detail, { errors });
}

/**
 * Serves one read route of the REST contract at the same path the gateway exposes, validating
 * path and query with the contract's schemas (or `query` when this service accepts more) and
 * honouring Consistency-Token.
 */
export function readRoute<TParams = Record<string, never>, TQuery = Record<string, never>>(
  { app, spaces, consistencyTimeoutMs }: ReadRoutes,
  operationId: string,
  handle: (request: ReadRequest<TParams, TQuery>) => Promise<unknown>,
  query?: z.ZodType<TQuery>,
): void {
  const contract = ROUTES.find((route) => route.operationId === operationId && route.method === 'get');
  if (!contract) throw new Error(`no GET route ${operationId} in the contract`);
  app.get(`${API_BASE_PATH}${toExpressPath(contract.path)}`, async (req, res) => {
    const params = parsePart(contract.params as z.ZodType<TParams> | undefined, req.params, 'path');
    const parsedQuery = parsePart(query ?? (contract.query as z.ZodType<TQuery> | undefined), req.query, 'query');
    const space = await spaces.current();
    const token = req.get(HEADERS.consistencyToken);
    await awaitConsistency(token, space, consistencyTimeoutMs);
    res.json(await handle({ params, query: parsedQuery, space, consistent: token !== undefined }));
  });
}
