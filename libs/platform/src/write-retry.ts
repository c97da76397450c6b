import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';

/** Server codes of a replica-set election or step-down (NotWritablePrimary, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary, PrimarySteppedDown, InterruptedDueToReplStateChange, ShutdownInProgress, HostUnreachable, NetworkTimeout, ExceededTimeLimit). */
const FAILOVER_CODES = new Set([10107, 13435, 13436, 189, 11602, 91, 6, 89, 262]);
/** Codes the server answers without having applied a write: it refused it as no longer (or not yet) primary. */
const REFUSED_CODES = new Set([10107, 13435, 13436]);
const RETRYABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/** The store is unreachable or failing over (network, server selection, election codes), as opposed to a write it refused. */
export function isStoreOutage(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  return error instanceof MongoError && (RETRYABLE_LABELS.some((label) => error.hasErrorLabel(label)) || FAILOVER_CODES.has(Number(error.code)));
}

/** An outage in which the write certainly did not reach a primary (no server selected, or refused as not primary). */
const notApplied = (error: unknown): boolean => error instanceof MongoServerSelectionError || (error instanceof MongoError && REFUSED_CODES.has(Number(error.code)));

export interface WriteRetryOptions<T> {
  /**
   * After an outage that may have applied the write (the connection broke after sending it): its
   * result if it was applied, undefined to send it again; throw when that cannot be told. Omitted:
   * the write is idempotent and is simply sent again.
   */
  applied?: (error: unknown) => Promise<T | undefined>;
  attempts?: number;
  /** First pause; doubled after each attempt (a DocumentDB or replica-set failover takes seconds). */
  backoffMs?: number;
}

/**
 * One write retried through a store outage: what the driver's retryable writes do on MongoDB, and
 * the only retry on Amazon DocumentDB, which refuses them (retryWrites=false). Without the server's
 * de-duplication a write whose answer was lost may have been applied, so a non-idempotent write says
 * how to recognise its own effect (`applied`) rather than being sent twice.
 */
export async function withWriteRetry<T>(write: () => Promise<T>, { applied, attempts = 5, backoffMs = 200 }: WriteRetryOptions<T> = {}): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isStoreOutage(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      if (applied && !notApplied(error)) {
        const result = await applied(error);
        if (result !== undefined) return result;
      }
    }
  }
}
