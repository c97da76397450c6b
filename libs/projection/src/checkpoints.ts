import type { AggregatePosition, EventMetadata } from '@inventory/contracts';
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '@inventory/platform';
import type { ReadModelSpace } from './read-models.js';

/** The checkpoints' collection (base name): the runner writes it after the read models. */
export const CHECKPOINTS = 'checkpoints';

export interface Checkpoint {
  /** The aggregate id. */
  _id: string;
  version: number;
  eventId: string;
  occurredAt: Date;
}

/** Last applied version per aggregate: what makes redelivery harmless and read-your-writes answerable. */
export class Checkpoints {
  readonly collection: Collection<Checkpoint>;

  constructor(space: ReadModelSpace) {
    this.collection = space.collection<Checkpoint>(CHECKPOINTS);
  }

  async appliedVersion(aggregateId: string): Promise<number> {
    return (await this.collection.findOne({ _id: aggregateId }, { projection: { version: 1 } }))?.version ?? 0;
  }

  /** Moves forward only: a slower concurrent writer of an older version never moves it back. */
  async advance({ aggregateId, aggregateVersion, eventId, occurredAt }: EventMetadata): Promise<void> {
    try {
      await this.collection.updateOne(
        { _id: aggregateId, version: { $lt: aggregateVersion } },
        { $set: { version: aggregateVersion, eventId, occurredAt: new Date(occurredAt) } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // the checkpoint is already at or past this version
    }
  }

  async allApplied(positions: readonly AggregatePosition[]): Promise<boolean> {
    const found = await this.collection.find({ _id: { $in: positions.map((p) => p.aggregateId) } }, { projection: { version: 1 } }).toArray();
    const applied = new Map(found.map((checkpoint) => [checkpoint._id, checkpoint.version]));
    return positions.every((p) => (applied.get(p.aggregateId) ?? 0) >= p.aggregateVersion);
  }

  /**
   * Polls until every position is applied; false once `timeoutMs` has passed without that.
   * Backs off (5 ms doubling to 100 ms): usually the wait is short, and waiting readers must not
   * starve the projection writing to the same store.
   */
  async waitFor(positions: readonly AggregatePosition[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (let pollMs = 5; ; pollMs = Math.min(pollMs * 2, 100)) {
      if (await this.allApplied(positions)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(deadline - Date.now(), 0))));
    }
  }
}
