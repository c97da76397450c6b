import type { ContractRequest, ContractRouteOptions } from '@inventory/platform';
import type { Ran } from '../store/command-handler.js';
import type { AggregateDocument } from '../store/documents.js';
import type { CommandContext } from '../store/stamp.js';

type Execute<TParams, TQuery, TBody, R> = (request: ContractRequest<TParams, TQuery, TBody>, context: CommandContext) => Promise<R>;

/**
 * Mounts the contract's command routes (contractRoute parses their parts): `execute` runs at most
 * once per Idempotency-Key (when given) and its answer goes out with the route's success status.
 */
export interface CommandRoute {
  /**
   * A command of one commit: `execute` returns what it committed and `answer` builds the response
   * from that. Under an Idempotency-Key the answer is also built right before the commit and written
   * with it, so a retry after a crash between the commit and the stored answer replays this answer.
   */
  single<TParams = Record<string, never>, TQuery = Record<string, never>, TBody = undefined, S = unknown, D extends AggregateDocument = AggregateDocument>(
    operationId: string,
    execute: Execute<TParams, TQuery, TBody, Ran<S, D>>,
    answer: (committed: Ran<S, D>) => object,
    options?: ContractRouteOptions,
  ): void;
  /** A command of many commits (bulk): `execute` answers once all are done; a retry after a crash in between learns only that it committed (409 IDEMPOTENCY_KEY_COMMITTED). */
  bulk<TParams = Record<string, never>, TQuery = Record<string, never>, TBody = undefined>(
    operationId: string,
    execute: Execute<TParams, TQuery, TBody, object>,
    options?: ContractRouteOptions,
  ): void;
}
