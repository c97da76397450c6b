import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ProblemError } from '@inventory/contracts';
import { isDuplicateKey } from '@inventory/platform';

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  /** null while the first request is still running. */
  response: StoredResponse | null;
  expiresAt: Date;
}

/** How long a key is remembered: a day covers client retry windows. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency-Key per actor: the first request claims the key (insert, atomic), runs, and stores
 * its response; a retry with the same body gets that response and publishes nothing; the same key
 * with another body is refused. Records expire by a sweep on `expiresAt` (FerretDB has no TTL index).
 */
export class IdempotencyKeys {
  private readonly records: Collection<IdempotencyRecord>;

  constructor(db: Db, private readonly ttlMs = IDEMPOTENCY_TTL_MS) {
    this.records = db.collection('idempotencyKeys');
  }

  async run(actorId: string, key: string, request: unknown, execute: () => Promise<StoredResponse>): Promise<StoredResponse> {
    const _id = `${actorId}:${key}`;
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
    try {
      await this.records.insertOne({ _id, requestHash, response: null, expiresAt: new Date(Date.now() + this.ttlMs) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.records.findOne({ _id });
      if (existing?.requestHash !== requestHash) throw new ProblemError('IDEMPOTENCY_KEY_REUSED', `key ${key} was used for a different request`);
      if (existing.response === null) throw new ProblemError('CONCURRENT_MODIFICATION', `the first request with key ${key} is still running`);
      return existing.response;
    }
    try {
      const response = await execute();
      await this.records.updateOne({ _id }, { $set: { response } });
      return response;
    } catch (error) {
      // Only refusals are final; a crash or outage must stay retryable under the same key.
      if (error instanceof ProblemError && error.status < 500) await this.records.updateOne({ _id }, { $set: { response: { status: error.status, body: error.toProblem() } } });
      else await this.records.deleteOne({ _id });
      throw error;
    }
  }

  async sweep(now = new Date()): Promise<number> {
    return (await this.records.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}
