import { HEADERS } from '@inventory/contracts';
import { contractRoute } from '@inventory/platform';
import { awaitConsistency, type ActiveSpace, type ReadModelSpace } from '@inventory/projection';
import type { Express, Request, Response } from 'express';
import type { z } from 'zod';
import { queryProjection } from '../projection.js';

export interface ReadRequest<TParams, TQuery> {
  params: TParams;
  query: TQuery;
  space: ReadModelSpace;
  /** The request carried a Consistency-Token: cached derived state must be re-checked, not trusted for a while. */
  consistent: boolean;
  /** For a handler that answers itself (a streamed export); else it returns the JSON body. */
  req: Request;
  res: Response;
}

export interface ReadRoutes {
  app: Express;
  spaces: ActiveSpace;
  consistencyTimeoutMs: number;
}

/**
 * Serves one read route of the REST contract with the product's route helper (contractRoute:
 * path, parsing with the contract's schemas, or `query` when this service accepts more),
 * honouring Consistency-Token.
 */
export function readRoute<TParams = Record<string, never>, TQuery = Record<string, never>>(
  { app, spaces, consistencyTimeoutMs }: ReadRoutes,
  operationId: string,
  handle: (request: ReadRequest<TParams, TQuery>) => Promise<unknown>,
  query?: z.ZodType<TQuery>,
): void {
  contractRoute<TParams, TQuery>(app, operationId, async ({ params, query: parsedQuery, req, res }) => {
    const space = await spaces.current();
    const token = req.get(HEADERS.consistencyToken);
    await awaitConsistency(token, space, consistencyTimeoutMs, queryProjection.checkpointHost);
    return handle({ params, query: parsedQuery, space, consistent: token !== undefined, req, res });
  }, { query });
}
