import { isStoreOutage } from '@inventory/platform';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
/** The schema-registry client's ResponseError carries no code: a network failure or timeout surfaces as status 400 with the cause in its message. */
const UNREACHABLE_MESSAGE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up|Timeout \(\d+ms\)/;

function isRegistryOutage(error: Error): boolean {
  if (error.name !== 'ResponseError') return false;
  const { status } = error as Error & { status?: number };
  return status === undefined || status >= 500 || status === 408 || status === 429 || UNREACHABLE_MESSAGE.test(error.message);
}

/**
 * Infrastructure down (store or registry unreachable, a store failover), as opposed to an event
 * this projection cannot apply: the batch must be retried later, not the event dead-lettered.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (isStoreOutage(cause)) return true;
    if (cause.name === 'TimeoutError' || isRegistryOutage(cause)) return true;
    if (cause instanceof TypeError && cause.message === 'fetch failed') return true;
    if (UNREACHABLE_CODES.has(String((cause as { code?: unknown }).code))) return true;
  }
  return false;
}
