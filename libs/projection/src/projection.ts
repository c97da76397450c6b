import type { EventTopicName, TopicName } from '@inventory/contracts';
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
   * The read models, as pure folds (DocumentModel, FoldModel), each event through those that
   * handle it in this order, inside a unit of work (see unit-of-work/) whose documents reach the
   * store in bulk once the runner's chunk is done. Each must tolerate a replay (a crash between the
   * write-back and the checkpoint) and other aggregates' events in any order (other partitions).
   */
  models: readonly AnyDocumentModel[];
  /**
   * Collections (base names) whose batched write-back must reach the store after every other
   * collection's, in this order: e.g. state that decides what a replay of an event would write.
   */
  writeLast?: readonly string[];
  /**
   * A collection (base name) whose document `_id` is the aggregate id of the events that change
   * it (the query's items): an event whose tag touched no other document of it keeps its
   * checkpoint there, in the runner's CHECKPOINT_FIELD, instead of a document of the checkpoints
   * collection (one write less). Models never read or write that field; a host document is never
   * deleted. Without it, every checkpoint is a checkpoints document.
   */
  checkpointHost?: string;
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
