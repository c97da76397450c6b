import type { EventTopicName, InventoryEvent, TopicName } from '@inventory/contracts';
import type { AnyDocumentModel } from './document-model.js';
import type { ReadModelSpace } from './read-models.js';

/** A read model fed by events. The runner guarantees per-aggregate order and skips versions already applied. */
export interface Projection {
  /** Names its consumer groups, collections and metric labels. */
  name: string;
  topics: readonly EventTopicName[];
  /** Creates indexes; runs for every (possibly fresh) generation before events flow. */
  setup(space: ReadModelSpace): Promise<void>;
  /**
   * The read models kept as pure folds (DocumentModel), each event through those that handle it.
   * The way every read model is to be written; `apply` is what is left of the statement-based ones.
   */
  models?: readonly AnyDocumentModel[];
  /**
   * Applies one event (after `models`). Must be idempotent (a crash between this write and the checkpoint replays
   * it) and tolerate other aggregates' events arriving in any order (they sit on other partitions).
   * Runs inside a unit of work (see unit-of-work/): statements address documents by `_id`
   * and reach the store in bulk once the runner's chunk is done.
   */
  apply?(event: InventoryEvent, space: ReadModelSpace): Promise<void>;
  /**
   * Collections (base names) whose batched write-back must reach the store after every other
   * collection's, in this order: e.g. state that decides what a replay of an event would write.
   */
  writeLast?: readonly string[];
}

/** Actual topic names per catalog topic; tests run on private topics so a shared broker stays shared. */
export type TopicNames = Record<TopicName, string>;

export const topicNamesWith = (overrides: Partial<TopicNames> = {}): TopicNames => ({
  'inventory.catalog.v1': 'inventory.catalog.v1',
  'inventory.locations.v1': 'inventory.locations.v1',
  'inventory.items.v1': 'inventory.items.v1',
  'inventory.dlq.v1': 'inventory.dlq.v1',
  ...overrides,
});

export const groupIdOf = (projection: string, generation: number): string => `${projection}.g${generation}`;
