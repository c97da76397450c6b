import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ProblemError } from '@inventory/contracts';
import { expiresByItself, isDuplicateKey, withWriteRetry } from '@inventory/platform';
import { newCommandMark, type CommandMark } from '../store/command-mark.js';
import { COLLECTIONS, IDEMPOTENCY_KEYS, type AggregateDocument } from '../store/documents.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  /** null while the attempt that holds the key is still running (or died). */
  response: StoredResponse | null;
  /** The mark (command-mark.ts) of the attempt that holds the key, and when it claimed it. */
  attempt: string;
  claimedAt: Date;
  expiresAt: Date;
}

/** How long a key is remembered: a day covers client retry windows. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyTimes {
  ttlMs: number;
  /** An attempt sends no commit later than this after claiming the key (requests take milliseconds). */
  commitWindowMs: number;
  /** After this, a retry may take over a key whose attempt left no answer; longer than the commit window, so the attempt can no longer commit. */
  takeoverMs: number;
}

export const IDEMPOTENCY_TIMES: IdempotencyTimes = { ttlMs: IDEMPOTENCY_TTL_MS, commitWindowMs: 30_000, takeoverMs: 60_000 };

/**
 * Idempotency-Key per actor: the first request claims the key (insert, atomic), runs, and stores
 * its response; a retry with the same body gets that response and publishes nothing; the same key
 * with another body is refused. If the attempt died before storing its answer, a retry after
 * `takeoverMs` takes the key over and asks the aggregates whether the attempt committed (its mark,
 * written with its commit): if so it answers IDEMPOTENCY_KEY_COMMITTED, else it runs the command.
 * Records expire at `expiresAt`: by a TTL index where the store profile has them, else by `sweep`.
 */
export class IdempotencyKeys {
  private readonly records: Collection<IdempotencyRecord>;
  private readonly aggregates: Collection<AggregateDocument>[];

  constructor(db: Db, private readonly times = IDEMPOTENCY_TIMES) {
    this.records = db.collection(IDEMPOTENCY_KEYS);
    this.aggregates = Object.values(COLLECTIONS).map((name) => db.collection<AggregateDocument>(name));
  }

  async run(actorId: string, key: string, request: unknown, execute: (mark: CommandMark) => Promise<StoredResponse>): Promise<StoredResponse> {
    const _id = `${actorId}:${key}`;
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
    const claimedAt = new Date();
    const mark = newCommandMark(claimedAt.getTime() + this.times.commitWindowMs);
    try {
      const record = { _id, requestHash, response: null, attempt: mark.id, claimedAt, expiresAt: new Date(claimedAt.getTime() + this.times.ttlMs) };
      await withWriteRetry(() => this.records.insertOne(record).then(() => true), {
        applied: async () => ((await this.records.findOne({ _id, attempt: mark.id })) ? true : undefined),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const earlier = await this.takeOver(_id, key, requestHash, mark, claimedAt);
      if (earlier) return earlier;
    }
    try {
      const response = await execute(mark);
      await this.answer(_id, mark, response);
      return response;
    } catch (error) {
      // Refusals are final. A crash or outage stays retryable: at once if nothing was sent to be
      // committed, else once the key can be taken over, when the retry learns what committed.
      if (error instanceof ProblemError && error.status < 500) await this.answer(_id, mark, { status: error.status, body: error.toProblem() });
      else if (mark.marked.size === 0) await this.records.deleteOne({ _id, attempt: mark.id });
      throw error;
    }
  }

  /** The answer for a key claimed before: the stored one, a refusal, or (taken over, the earlier attempt did not commit) undefined to run the command. */
  private async takeOver(_id: string, key: string, requestHash: string, mark: CommandMark, now: Date): Promise<StoredResponse | undefined> {
    const existing = await this.records.findOne({ _id });
    if (!existing) throw new ProblemError('CONCURRENT_MODIFICATION', `the first request with key ${key} has just ended: retry`);
    if (existing.requestHash !== requestHash) throw new ProblemError('IDEMPOTENCY_KEY_REUSED', `key ${key} was used for a different request`);
    if (existing.response !== null) return existing.response;
    const still = () => new ProblemError('CONCURRENT_MODIFICATION', `the first request with key ${key} is still running`);
    // A record from before attempts were marked (no attempt) cannot tell; it waits for its expiry.
    if (!existing.attempt || now.getTime() - existing.claimedAt.getTime() < this.times.takeoverMs) throw still();
    const taken = await this.records.updateOne({ _id, attempt: existing.attempt, response: null }, { $set: { attempt: mark.id, claimedAt: now } });
    if (taken.modifiedCount !== 1) throw still(); // another retry took it over first
    if (!(await this.committed(existing.attempt))) return undefined;
    const response = { status: 409, body: new ProblemError('IDEMPOTENCY_KEY_COMMITTED', `the first request with key ${key} committed before it died`).toProblem() };
    await this.answer(_id, mark, response);
    return response;
  }

  /** Whether the attempt marked any aggregate (a scan, but only when a dead attempt is taken over); drops its marks. */
  private async committed(attempt: string): Promise<boolean> {
    const found = await Promise.all(this.aggregates.map((collection) => collection.updateMany({ commandMarks: attempt }, { $pull: { commandMarks: attempt } })));
    return found.some(({ matchedCount }) => matchedCount > 0);
  }

  /** Stores the answer if this attempt still holds the key, then drops its marks (best effort: a mark left behind is only a few bytes). */
  private async answer(_id: string, mark: CommandMark, response: StoredResponse): Promise<void> {
    await withWriteRetry(() => this.records.updateOne({ _id, attempt: mark.id }, { $set: { response } }));
    if (mark.marked.size === 0) return;
    const ids = [...mark.marked];
    await Promise.all(this.aggregates.map((collection) => collection.updateMany({ _id: { $in: ids }, commandMarks: mark.id }, { $pull: { commandMarks: mark.id } }))).catch(() => undefined);
  }

  async sweep(now = new Date()): Promise<number> {
    if (expiresByItself(this.records)) return 0;
    return (await this.records.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}
