import type { EventMetadata } from '@inventory/contracts';
import type { Doc } from './stored-document.js';

/** A checkpoint document of the checkpoints collection: the last version of an aggregate applied. */
export interface Checkpoint {
  /** The aggregate id. */
  _id: string;
  version: number;
  eventId: string;
  occurredAt: Date;
}

/**
 * A checkpoint kept in a document of the aggregate's own (see Projection.checkpointHost): just the
 * version, since the local store decodes every field of every document it returns, and where-is
 * and what-is-at read these documents.
 */
export type HostedCheckpoint = number;

/**
 * The runner's field in a checkpoint host document: models never read or write it, and the unit
 * of work keeps it through their steps (see keepCheckpoint).
 */
export const CHECKPOINT_FIELD = '_checkpoint';

export const hostedCheckpointOf = ({ aggregateVersion }: EventMetadata): HostedCheckpoint => aggregateVersion;

/** The version a checkpoints document names (0: none). */
export const separateVersion = (doc: Doc | null): number => (doc as Checkpoint | null)?.version ?? 0;

/** The version a host document carries (0: none). */
export const hostedVersion = (doc: Doc | null): number => (doc?.[CHECKPOINT_FIELD] as HostedCheckpoint | undefined) ?? 0;

/** The checkpoints document moved forward to `metadata` (never back). */
export const advancedCheckpoint = (doc: Doc | null, metadata: EventMetadata): Doc =>
  doc && separateVersion(doc) >= metadata.aggregateVersion ? doc : { _id: metadata.aggregateId, version: metadata.aggregateVersion, eventId: metadata.eventId, occurredAt: new Date(metadata.occurredAt) };

/** The host document carrying `metadata`'s checkpoint (never moved back); a host that is gone cannot carry it. */
export function withHostedCheckpoint(doc: Doc | null, metadata: EventMetadata): Doc {
  if (!doc) throw new Error(`${metadata.aggregateId}: the checkpoint's host document is gone`);
  return hostedVersion(doc) >= metadata.aggregateVersion ? doc : { ...doc, [CHECKPOINT_FIELD]: hostedCheckpointOf(metadata) };
}

/**
 * What a model's step left (`after`), with the checkpoint `before` carried: a model that builds the
 * document from scratch must not take the runner's checkpoint back (a redelivered event would be
 * applied again). A host document with a checkpoint is never deleted: it would be lost the same way.
 */
export function keepCheckpoint(before: Doc | null, after: Doc | null): Doc | null {
  const kept = before?.[CHECKPOINT_FIELD] as HostedCheckpoint | undefined;
  if (kept === undefined || hostedVersion(after) >= kept) return after;
  if (!after) throw new Error(`${before!._id}: a document that hosts its aggregate's checkpoint cannot be deleted`);
  return { ...after, [CHECKPOINT_FIELD]: kept };
}
