import type { ErrorCode } from '../http/error-catalog.js';
import type { RouteContract } from './route-contract.js';

/** Every error a route can answer with: its own, plus those the gateway's layers add. */
export function errorCodesOf(route: RouteContract): ErrorCode[] {
  // VALIDATION_FAILED on every route: a body where the route takes none, or operator keys in the query.
  const codes: ErrorCode[] = ['RATE_LIMITED', 'INTERNAL', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'NOT_ACCEPTABLE', 'VALIDATION_FAILED'];
  if (route.body) codes.push('MALFORMED_BODY', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if (route.access !== 'public') codes.push('UNAUTHENTICATED');
  if (Array.isArray(route.access)) codes.push('FORBIDDEN');
  if (route.command) codes.push('IDEMPOTENCY_KEY_REUSED');
  // A command of one commit writes its answer with that commit, so a retry replays it even after a crash; a bulk one cannot.
  if (route.bulk) codes.push('IDEMPOTENCY_KEY_COMMITTED');
  if (route.readModel) codes.push('CONSISTENCY_TIMEOUT', 'INVALID_CONSISTENCY_TOKEN');
  return [...new Set([...route.errors, ...codes])];
}
