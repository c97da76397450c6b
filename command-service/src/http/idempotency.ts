import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ProblemError } from '@inventory/contracts';
import { expiresByItself, isDuplicateKey, withWriteRetry } from '@inventory/platform';
import { answerOfMark, newCommandMark, type CommandMark, type StoredResponse } from '../store/command-mark.js';
import { COLLECTIONS, IDEMPOTENCY_KEYS, type AggregateDocument } from '../store/documents.js';
import type { HolderLease } from './holder-lease.js';

export type { StoredResponse };

interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  /** null while the attempt that holds the key is still running (or died). */
  response: StoredResponse | null;
  /** The mark (command-mark.ts) of the attempt that holds the key, when it claimed it, and the lease of its process (holder-lease.ts). */
  attempt: string;
  claimedAt: Date;
  holder?: string;
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
 * `takeoverMs` (or at once, when the lease of the process that held it has lapsed: killed or
 * restarted, it can commit nothing more; holder-lease.ts) takes the key over and asks the aggregates whether the attempt committed (its mark,
 * written with its commit): if so it answers what the attempt answered (written with its commit,
 * for a command of one commit; `answerOf`) or, for a bulk command, IDEMPOTENCY_KEY_COMMITTED; if
 * not, it runs the command. Records expire at `expiresAt`: by a TTL index where the store profile
 * has them, else by `sweep`.
 */
export class IdempotencyKeys {
  private readonly records: Collection<IdempotencyRecord>;
  private readonly aggregates: Collection<AggregateDocument>[];

  constructor(db: Db, private readonly times = IDEMPOTENCY_TIMES, private readonly lease?: HolderLease) {
    this.records = db.collection(IDEMPOTENCY_KEYS);
    this.aggregates = Object.values(COLLECTIONS).map((name) => db.collection<AggregateDocument>(name));
  }

  async run(actorId: string, key: string, request: unknown, execute: (mark: CommandMark) => Promise<StoredResponse>, answerOf?: CommandMark['answerOf']): Promise<StoredResponse> {
    const _id = `${actorId}:${key}`;
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
    const claimedAt = new Date();
    const mark = newCommandMark(claimedAt.getTime() + this.times.commitWindowMs, { answerOf, alive: this.lease?.alive });
    const holder = this.lease ? { holder: this.lease.id } : {};
    try {
      const record = { _id, requestHash, response: null, attempt: mark.id, claimedAt, ...holder, expiresAt: new Date(claimedAt.getTime() + this.times.ttlMs) };
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
    if (!existing.attempt) throw still();
    if (now.getTime() - existing.claimedAt.getTime() < this.times.takeoverMs && !(await this.lease?.lapsed(existing.holder, now.getTime()))) throw still();
    const taken = await this.records.updateOne({ _id, attempt: existing.attempt, response: null }, { $set: { attempt: mark.id, claimedAt: now, ...(this.lease && { holder: this.lease.id }) } });
    if (taken.modifiedCount !== 1) throw still(); // another retry took it over first
    const committed = await this.committed(existing.attempt);
    if (!committed) return undefined;
    const response = committed.answer?.response
      ?? { status: 409, body: new ProblemError('IDEMPOTENCY_KEY_COMMITTED', `the first request with key ${key} committed before it died`).toProblem() };
    await this.answer(_id, mark, response);
    await this.dropMarks(existing.attempt, committed.answer ? [committed.answer.text] : [], committed.ids);
    return response;
  }

  /**
   * Whether the attempt marked any aggregate, and the answer it wrote with its commit if it did (a
   * scan, but only when a dead attempt is taken over). Its marks stay until the retry stored the
   * answer, so a retry that dies in between leaves them for the next.
   */
  private async committed(attempt: string): Promise<{ ids: string[]; answer?: ReturnType<typeof answerOfMark> } | undefined> {
    const found = await Promise.all(this.aggregates.map((collection) => collection.find({ commandMarks: attempt }, { projection: { commandAnswers: 1 } }).toArray()));
    const documents = found.flat();
    if (documents.length === 0) return undefined;
    const answer = documents.map((document) => answerOfMark(attempt, document.commandAnswers)).find((stored) => stored !== undefined);
    return { ids: documents.map(({ _id }) => _id), ...(answer && { answer }) };
  }

  /** Stores the answer if this attempt still holds the key, then drops its marks and answers. */
  private async answer(_id: string, mark: CommandMark, response: StoredResponse): Promise<void> {
    await withWriteRetry(() => this.records.updateOne({ _id, attempt: mark.id }, { $set: { response } }));
    if (mark.marked.size > 0) await this.dropMarks(mark.id, [...mark.answers], [...mark.marked]);
  }

  /** Best effort: a mark or answer left behind is a few bytes, and only a takeover reads them. */
  private async dropMarks(attempt: string, answers: string[], ids: string[]): Promise<void> {
    const update = { $pull: { commandMarks: attempt }, ...(answers.length > 0 && { $pullAll: { commandAnswers: answers } }) };
    await Promise.all(this.aggregates.map((collection) => collection.updateMany({ _id: { $in: ids }, commandMarks: attempt }, update))).catch(() => undefined);
  }

  async sweep(now = new Date()): Promise<number> {
    if (expiresByItself(this.records)) return 0;
    return (await this.records.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}
