import type { AggregatePosition, EventMetadata } from '@inventory/contracts';
import type { Collection } from 'mongodb';
import type { ReadModelSpace } from './read-models.js';
import { foldInUnit } from './unit-of-work/unit-of-work.js';

/** The checkpoints' collection (base name): the runner writes it after the read models. */
export const CHECKPOINTS = 'checkpoints';

export interface Checkpoint {
  /** The aggregate id. */
  _id: string;
  version: number;
  eventId: string;
  occurredAt: Date;
}

/** The version of `aggregateId` applied, as a fold step's read in the runner's unit of work (`space`): seen, so a concurrent change redoes the key. */
export async function appliedVersion(space: ReadModelSpace, aggregateId: string): Promise<number> {
  let version = 0;
  await foldInUnit(space, {
    collection: CHECKPOINTS,
    reads: [{ collection: CHECKPOINTS, id: aggregateId }],
    idsOf: (read) => {
      version = (read(CHECKPOINTS, aggregateId) as Checkpoint | null)?.version ?? 0;
      return [];
    },
    evolve: (doc) => doc,
  });
  return version;
}

/** The checkpoint moved to `metadata`'s version in the unit of work; forward only, written after the read models (bookkeeping). */
export async function advanceCheckpoint(space: ReadModelSpace, { aggregateId, aggregateVersion, eventId, occurredAt }: EventMetadata): Promise<void> {
  await foldInUnit(space, {
    collection: CHECKPOINTS,
    reads: [],
    idsOf: () => [aggregateId],
    evolve: (doc) => ((doc as Checkpoint | null)?.version ?? 0) >= aggregateVersion ? doc : { _id: aggregateId, version: aggregateVersion, eventId, occurredAt: new Date(occurredAt) },
  });
}

/** Positions remembered per checkpoints collection before the oldest are forgotten (the store still has them). */
const REMEMBERED_PER_COLLECTION = 100_000;

/**
 * The checkpoints this process's runners have written (a subset of what the store holds, never
 * ahead of it), and the read-your-writes waits of this process: a query waiting for an event the
 * runner beside it applies is answered as soon as the unit of work is written, without polling.
 */
class WrittenHere {
  private readonly versions = new Map<string, Map<string, number>>();
  private readonly waiters = new Map<string, Set<() => void>>();

  record(collection: string, events: readonly EventMetadata[]): void {
    if (events.length === 0) return;
    let versions = this.versions.get(collection);
    if (!versions) this.versions.set(collection, (versions = new Map()));
    for (const { aggregateId, aggregateVersion } of events) {
      if ((versions.get(aggregateId) ?? 0) >= aggregateVersion) continue;
      versions.delete(aggregateId); // re-inserted last: the map's order is the order of writing
      versions.set(aggregateId, aggregateVersion);
      if (versions.size > REMEMBERED_PER_COLLECTION) versions.delete(versions.keys().next().value!);
    }
    for (const wake of this.waiters.get(collection) ?? []) wake();
  }

  version(collection: string, aggregateId: string): number {
    return this.versions.get(collection)?.get(aggregateId) ?? 0;
  }

  /** Resolves at the next record into `collection`, or after `ms`. */
  async change(collection: string, ms: number): Promise<void> {
    let waiters = this.waiters.get(collection);
    if (!waiters) this.waiters.set(collection, (waiters = new Set()));
    let wake!: () => void;
    const timer = new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, ms);
      wake = () => { clearTimeout(timeout); resolve(); };
    });
    waiters.add(wake);
    try {
      await timer;
    } finally {
      waiters.delete(wake);
    }
  }
}

const writtenHere = new WrittenHere();

/**
 * The store polls of this process's read-your-writes waits, per checkpoints collection: one query
 * in flight at a time, and the polls asked for meanwhile go together in the next one, so many
 * waiting requests cost the store a query per round trip, not one each.
 */
class StorePolls {
  private readonly polls = new Map<string, { inFlight?: Promise<void>; next?: { ids: Set<string>; result: Promise<Map<string, number>> } }>();

  versions(key: string, collection: Collection<Checkpoint>, ids: readonly string[]): Promise<Map<string, number>> {
    let poll = this.polls.get(key);
    if (!poll) this.polls.set(key, (poll = {}));
    if (!poll.next) {
      const batch = { ids: new Set<string>(), result: undefined as unknown as Promise<Map<string, number>> };
      const state = poll;
      batch.result = (async () => {
        await state.inFlight;
        state.next = undefined;
        const query = collection.find({ _id: { $in: [...batch.ids] } }, { projection: { version: 1 } }).toArray();
        state.inFlight = query.then(() => undefined, () => undefined);
        return new Map((await query).map((checkpoint) => [checkpoint._id, checkpoint.version]));
      })();
      poll.next = batch;
    }
    for (const id of ids) poll.next.ids.add(id);
    return poll.next.result;
  }
}

const storePolls = new StorePolls();

/** Last applied version per aggregate: what makes redelivery harmless and read-your-writes answerable. */
export class Checkpoints {
  readonly collection: Collection<Checkpoint>;
  private readonly key: string;

  constructor(space: ReadModelSpace) {
    this.collection = space.collection<Checkpoint>(CHECKPOINTS);
    this.key = `${space.db.databaseName}.${this.collection.collectionName}`;
  }

  /** Tells this process's waiters that the checkpoints of `events` are in the store (the runner, after a unit of work). */
  written(events: readonly EventMetadata[]): void {
    writtenHere.record(this.key, events);
  }

  /** Whether the store's checkpoints show every position applied (polls of this process batched, see StorePolls). */
  async allApplied(positions: readonly AggregatePosition[]): Promise<boolean> {
    const applied = await storePolls.versions(this.key, this.collection, positions.map((p) => p.aggregateId));
    return positions.every((p) => (applied.get(p.aggregateId) ?? 0) >= p.aggregateVersion);
  }

  /**
   * Waits until every position is applied; false once `timeoutMs` has passed without that. What
   * this process's runners write is seen at once (see WrittenHere); the store is polled for the
   * rest (another instance's writes), backing off from 5 ms to 100 ms, so waiting readers do not
   * starve the projection writing to the same store.
   */
  async waitFor(positions: readonly AggregatePosition[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let pending = positions;
    let nextPoll = 0;
    for (let pollMs = 5; ; ) {
      pending = pending.filter((p) => writtenHere.version(this.key, p.aggregateId) < p.aggregateVersion);
      if (pending.length === 0) return true;
      if (Date.now() >= nextPoll) {
        if (await this.allApplied(pending)) return true;
        nextPoll = Date.now() + pollMs;
        pollMs = Math.min(pollMs * 2, 100);
      }
      if (Date.now() >= deadline) return false;
      await writtenHere.change(this.key, Math.max(0, Math.min(nextPoll, deadline) - Date.now()));
    }
  }
}
