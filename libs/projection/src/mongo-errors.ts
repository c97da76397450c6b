import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * Infrastructure down (store or registry unreachable), as opposed to an event this projection
 * cannot apply: the batch must be retried later, not the event dead-lettered.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof MongoNetworkError || cause instanceof MongoServerSelectionError) return true;
    if (UNREACHABLE_CODES.has(String((cause as { code?: unknown }).code))) return true;
  }
  return false;
}
