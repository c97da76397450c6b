import type { AggregatePosition, EventMetadata } from '@inventory/contracts';
import type { Collection, Document } from 'mongodb';
import type { ReadModelSpace } from './read-models.js';
import { CHECKPOINT_FIELD, hostedVersion, separateVersion, type Checkpoint } from './unit-of-work/checkpoint-records.js';
import type { Doc } from './unit-of-work/stored-document.js';

export { CHECKPOINT_FIELD, hostedCheckpointOf, type Checkpoint, type HostedCheckpoint } from './unit-of-work/checkpoint-records.js';
export { advanceCheckpoint, appliedVersion } from './unit-of-work/unit-of-work.js';

/** The checkpoints' collection (base name): the runner writes it after the read models. */
export const CHECKPOINTS = 'checkpoints';

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

/** A collection the checkpoints are read from, and how (the checkpoints collection, a checkpoint host). */
interface CheckpointSource {
  /** Database and collection: polls of the same source share queries. */
  key: string;
  collection: Collection<Doc>;
  projection: Document;
  versionOf(doc: Doc): number;
}

const sourceOf = (space: ReadModelSpace, base: string, projection: Document, versionOf: (doc: Doc) => number): CheckpointSource => {
  const collection = space.collection<Doc>(base);
  return { key: `${space.db.databaseName}.${collection.collectionName}`, collection, projection, versionOf };
};

/**
 * The store polls of this process's read-your-writes waits, per checkpoint source: one query
 * in flight at a time, and the polls asked for meanwhile go together in the next one, so many
 * waiting requests cost the store a query per round trip, not one each.
 */
class StorePolls {
  private readonly polls = new Map<string, { inFlight?: Promise<void>; next?: { ids: Set<string>; result: Promise<Map<string, number>> } }>();

  versions({ key, collection, projection, versionOf }: CheckpointSource, ids: readonly string[]): Promise<Map<string, number>> {
    let poll = this.polls.get(key);
    if (!poll) this.polls.set(key, (poll = {}));
    if (!poll.next) {
      const batch = { ids: new Set<string>(), result: undefined as unknown as Promise<Map<string, number>> };
      const state = poll;
      batch.result = (async () => {
        await state.inFlight;
        state.next = undefined;
        const query = collection.find({ _id: { $in: [...batch.ids] } }, { projection }).toArray();
        state.inFlight = query.then(() => undefined, () => undefined);
        return new Map((await query).map((doc) => [doc._id, versionOf(doc)]));
      })();
      poll.next = batch;
    }
    for (const id of ids) poll.next.ids.add(id);
    return poll.next.result;
  }
}

const storePolls = new StorePolls();

/**
 * Last applied version per aggregate: what makes redelivery harmless and read-your-writes
 * answerable. With a checkpoint host (see Projection.checkpointHost), the greater of the host
 * document's and the checkpoints document's.
 */
export class Checkpoints {
  readonly collection: Collection<Checkpoint>;
  private readonly key: string;
  private readonly sources: CheckpointSource[];

  constructor(space: ReadModelSpace, checkpointHost?: string) {
    const separate = sourceOf(space, CHECKPOINTS, { version: 1 }, separateVersion);
    this.collection = separate.collection as unknown as Collection<Checkpoint>;
    this.key = separate.key;
    this.sources = [separate, ...(checkpointHost === undefined ? [] : [sourceOf(space, checkpointHost, { [CHECKPOINT_FIELD]: 1 }, hostedVersion)])];
  }

  /** Tells this process's waiters that the checkpoints of `events` are in the store (the runner, after a unit of work). */
  written(events: readonly EventMetadata[]): void {
    writtenHere.record(this.key, events);
  }

  /** The versions the store's checkpoints show applied, per aggregate (absent: none; polls of this process batched per source, see StorePolls). */
  async versions(aggregateIds: readonly string[]): Promise<Map<string, number>> {
    const applied = await Promise.all(this.sources.map((source) => storePolls.versions(source, aggregateIds)));
    return new Map(aggregateIds.map((id) => [id, Math.max(0, ...applied.map((versions) => versions.get(id) ?? 0))]));
  }

  /** Whether the store's checkpoints show every position applied. */
  async allApplied(positions: readonly AggregatePosition[]): Promise<boolean> {
    const applied = await this.versions(positions.map((p) => p.aggregateId));
    return positions.every((p) => applied.get(p.aggregateId)! >= p.aggregateVersion);
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
