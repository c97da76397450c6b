import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { ProblemError, type InventoryEvent } from '@inventory/contracts';
import { withWriteRetry } from '@inventory/platform';
import { commitMarkOf, type Committed, type CommitMark } from './command-mark.js';
import type { AggregateDocument } from './documents.js';

/** Someone else changed the document between our read and our conditional write: re-read and decide again. */
export class WriteConflict extends Error {}

export const serialize = (events: readonly InventoryEvent[]): string[] => events.map((event) => JSON.stringify(event));

/** What a commit answers from, given the document as it writes it (see command-mark.ts). */
export type CommittedOf<T extends AggregateDocument> = (written: T) => Committed;

/** What a commit changes besides its events: the fields it sets, and the ops it adds to heldOps (see holds.ts). */
export interface Change<T> {
  set: Partial<T>;
  held?: readonly string[];
}

/** The document as a commit of `change` and `events` onto `current` writes it (its outbox as the relay will leave it). */
export const asWritten = <T extends AggregateDocument>(current: T, { set, held = [] }: Change<T>, events: readonly InventoryEvent[], updatedAt: Date): T => ({
  ...current, ...set, ...(held.length > 0 && { heldOps: [...((current as { heldOps?: string[] }).heldOps ?? []), ...held] }),
  updatedAt, revision: current.revision + 1, version: current.version + events.length, outbox: [],
});

const markFields = (mark: CommitMark | undefined) => (mark ? { commandMarks: mark.mark, ...(mark.answer !== undefined && { commandAnswers: mark.answer }) } : {});

/**
 * The conditional update that commits a command: only on the revision it was decided against (with
 * its Idempotency-Key mark and answer, if any). Held ops are pushed, never set from what was read,
 * so the relay may pull settled ones meanwhile without a revision bump.
 */
export function commitOperation<T extends AggregateDocument>(current: T, change: Change<T>, events: readonly InventoryEvent[], extra: Filter<T> = {}, updatedAt = new Date(), committedOf?: CommittedOf<T>) {
  const mark = commitMarkOf(events, current._id, committedOf && (() => committedOf(asWritten(current, change, events, updatedAt))));
  const held = change.held ?? [];
  const update = {
    $set: { ...change.set, updatedAt },
    $inc: { revision: 1, version: events.length },
    $push: { outbox: { $each: serialize(events) }, ...markFields(mark), ...(held.length > 0 && { heldOps: { $each: held } }) },
  } as unknown as UpdateFilter<T>;
  return { filter: { _id: current._id, revision: current.revision, ...extra } as Filter<T>, update };
}

/**
 * The one atomic step of every command: the aggregate's new state and its events in a single
 * conditional update. It fails (WriteConflict) if the document changed since it was read; else it
 * returns the document as written (what the command answers with).
 */
export async function commit<T extends AggregateDocument>(collection: Collection<T>, current: T, change: Change<T>, events: readonly InventoryEvent[], extra: Filter<T> = {}, committedOf?: CommittedOf<T>): Promise<T> {
  const updatedAt = new Date();
  const { filter, update } = commitOperation(current, change, events, extra, updatedAt, committedOf);
  const ours = serialize(events.slice(0, 1))[0];
  const { modifiedCount } = await withWriteRetry(() => collection.updateOne(filter, update), {
    // An answer lost in an outage: our first event in the outbox says it committed; an untouched
    // revision says it did not. Anything else (published already, or another writer) cannot be
    // told apart, so the outage is the answer and the client's retry settles it (Idempotency-Key).
    applied: async (outage) => {
      const now = await collection.findOne({ _id: current._id } as Filter<T>, { projection: { revision: 1, outbox: 1 } });
      if (ours !== undefined && now?.outbox.includes(ours)) return { modifiedCount: 1 };
      if (now?.revision === current.revision) return undefined;
      throw outage;
    },
  });
  if (modifiedCount !== 1) throw new WriteConflict(`${collection.collectionName}/${current._id} changed meanwhile`);
  return asWritten(current, change, events, updatedAt);
}

/** A new aggregate's document with its first events (and its Idempotency-Key mark and answer, if any). */
export function newDocument<T>(id: string, fields: T, events: readonly InventoryEvent[], committedOf?: (written: AggregateDocument & T) => Committed) {
  const now = new Date();
  const document = { _id: id, revision: 1, version: events.length, outbox: serialize(events), deleted: false, createdAt: now, updatedAt: now, ...fields };
  const mark = commitMarkOf(events, id, committedOf && (() => committedOf({ ...document, outbox: [] })));
  return { ...document, ...(mark && { commandMarks: [mark.mark], ...(mark.answer !== undefined && { commandAnswers: [mark.answer] }) }) };
}

/**
 * Retries a read-decide-write cycle that lost a race; the loser of a real conflict then sees the
 * new state and usually gets a domain error. Endless contention ends as CONCURRENT_MODIFICATION.
 */
export async function withRetries<T>(attempt: () => Promise<T>, tries = 8): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      if (round >= tries) throw new ProblemError('CONCURRENT_MODIFICATION', error.message);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * round));
    }
  }
}
