import type { ContractRequest, ContractRouteOptions } from '@inventory/platform';
import type { CommandContext } from '../store/stamp.js';

/**
 * Mounts one command route of the contract (contractRoute parses its parts): `execute` runs at
 * most once per Idempotency-Key (when given) and its answer goes out with the route's success status.
 */
export type CommandRoute = <TParams = Record<string, never>, TQuery = Record<string, never>, TBody = undefined>(
  operationId: string,
  execute: (request: ContractRequest<TParams, TQuery, TBody>, context: CommandContext) => Promise<unknown>,
  options?: ContractRouteOptions,
) => void;
