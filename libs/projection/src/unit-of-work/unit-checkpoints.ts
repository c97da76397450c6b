import type { EventMetadata } from '@inventory/contracts';
import { advancedCheckpoint, hostedVersion, separateVersion, withHostedCheckpoint } from './checkpoint-records.js';
import type { CollectionBuffer } from './collection-buffer.js';
import type { Doc } from './stored-document.js';

/** Where a unit of work keeps the aggregates' checkpoints (collections by base name). */
export interface CheckpointPlacement {
  /** The checkpoints collection: written at the very end, and not for tags that must be redone or failed. */
  collection: string;
  /** The collection whose document of an aggregate (`_id` = aggregate id) carries its checkpoint where it can (see place). */
  host?: string;
}

/**
 * The checkpoints of one unit of work: what each tag applied is noted as it goes and placed at
 * write-back, once it is known which tags keep their work (see place). An aggregate's applied
 * version is the greater of its host document's and its checkpoints document's: both only move
 * forward, and which of them an event's checkpoint goes to depends on what the event touched.
 */
export class UnitCheckpoints {
  /** Per tag, the newest event applied per aggregate. */
  private readonly newest = new Map<string, Map<string, EventMetadata>>();
  /** Per aggregate, the newest version any tag of this unit applied (asked once per event: no pass over the tags). */
  private readonly appliedHere = new Map<string, number>();

  constructor(readonly placement: CheckpointPlacement, private readonly buffer: (base: string) => CollectionBuffer) {}

  /**
   * The version of `aggregateId` applied, as `tag` reads it: the store's (seen, so a concurrent
   * change redoes the tag) or what this unit applied since. The reads are not rerun on a fresh
   * copy: a checkpoint is two documents, so a clash on either must redo the tag.
   */
  async appliedVersion(tag: string, aggregateId: string): Promise<number> {
    const { collection, host } = this.placement;
    const sources = new Map<string, (doc: Doc | null) => number>([[collection, separateVersion]]);
    if (host !== undefined) sources.set(host, hostedVersion);
    await Promise.all([...sources.keys()].map((base) => this.buffer(base).entriesFor([aggregateId])));
    let version = this.appliedHere.get(aggregateId) ?? 0;
    for (const [base, versionOf] of sources) {
      const buffer = this.buffer(base);
      const { result } = buffer.perform(buffer.loaded(aggregateId)!, tag, (doc) => ({ doc, result: versionOf(doc) }), true, false);
      version = Math.max(version, result as number);
    }
    return version;
  }

  /** `tag` applied the event of `metadata` (its checkpoint is placed at write-back). */
  advance(tag: string, metadata: EventMetadata): void {
    let applied = this.newest.get(tag);
    if (!applied) this.newest.set(tag, (applied = new Map()));
    if ((applied.get(metadata.aggregateId)?.aggregateVersion ?? 0) < metadata.aggregateVersion) applied.set(metadata.aggregateId, metadata);
    this.appliedHere.set(metadata.aggregateId, Math.max(this.appliedHere.get(metadata.aggregateId) ?? 0, metadata.aggregateVersion));
  }

  /**
   * Records the checkpoint of every tag outside `redo` and `failed`, once the other collections are
   * written and the reads checked: in the aggregate's host document, as a last step of it, if that
   * document exists and is the only host document the tag touched (written with the host
   * collection, so it lands exactly when the tag's last document does); otherwise in the
   * checkpoints collection, written last, withheld if the host's write-back redoes or fails the tag.
   * A tag that touched another aggregate's host document (a parent's move, a child's assignment)
   * cannot embed: that document could fail while its own landed. `touchedByTag`: the host
   * documents each tag touched (CollectionBuffer.idsTouchedByTag, found once per write-back).
   */
  async place(redo: ReadonlySet<string>, failed: ReadonlyMap<string, Error>, touchedByTag: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    const { collection, host } = this.placement;
    const hostBuffer = host === undefined ? undefined : this.buffer(host);
    const separate: [string, EventMetadata][] = [];
    for (const [tag, applied] of this.newest) {
      if (redo.has(tag) || failed.has(tag)) continue;
      const touched = [...(touchedByTag.get(tag) ?? [])];
      for (const [aggregateId, metadata] of applied) {
        const entry = hostBuffer?.loaded(aggregateId);
        if (entry?.current && touched.every((id) => id === aggregateId)) hostBuffer!.perform(entry, tag, (doc) => ({ doc: withHostedCheckpoint(doc, metadata), result: undefined }), false);
        else separate.push([tag, metadata]);
      }
    }
    const buffer = this.buffer(collection);
    const entries = await buffer.entriesFor(separate.map(([, metadata]) => metadata.aggregateId));
    separate.forEach(([tag, metadata], i) => buffer.perform(entries[i]!, tag, (doc) => ({ doc: advancedCheckpoint(doc, metadata), result: undefined }), false));
  }
}
