import type { EventMetadata } from '@inventory/contracts';
import type { Collection, Document } from 'mongodb';
import { DocumentsNotLoaded, type FoldDocuments, type ModelDocument } from '../fold-documents.js';
import { ReadModelSpace } from '../read-models.js';
import { keepCheckpoint } from './checkpoint-records.js';
import { CollectionBuffer, type BufferEntry } from './collection-buffer.js';
import type { DocumentCache } from './document-cache.js';
import type { Doc } from './stored-document.js';
import { UnitCheckpoints, type CheckpointPlacement } from './unit-checkpoints.js';

/** What a unit of work's write-back leaves to its caller. */
export interface FlushOutcome {
  /** Tags whose work must run again in a fresh unit of work (their checkpoints were not written). */
  redo: Set<string>;
  /** Tags that touched a document the store refused for itself, with the reason: their checkpoints were not written, the rest was. */
  failed: Map<string, Error>;
}

export interface UnitOfWorkOptions {
  /** Collections (base names) written after all others, in this order; the rest go side by side. */
  writeLast?: readonly string[];
  /** Where the checkpoints the unit's tags advance go (see UnitCheckpoints.place); none without. */
  checkpoints?: CheckpointPlacement;
  /** Documents kept from earlier units of work (see DocumentCache). */
  cache?: DocumentCache;
  /**
   * Only this unit's runner writes these collections (a rebuild's fresh generation): nothing it
   * read can have changed, so reads are not checked after the write-back (an `$in` per collection saved).
   */
  exclusive?: boolean;
}

/** A space whose documents are served by a unit of work, the models' steps recorded under `tag`. */
class BufferedSpace extends ReadModelSpace {
  constructor(private readonly work: UnitOfWork, private readonly tag: string) {
    super(work.space.db, work.space.projection, work.space.generation);
  }

  /** The version of `aggregateId` applied (see UnitCheckpoints.appliedVersion). */
  appliedVersion(aggregateId: string): Promise<number> {
    return this.work.unitCheckpoints().appliedVersion(this.tag, aggregateId);
  }

  /** This tag applied the event of `metadata`: its checkpoint is written with the unit. */
  advanceCheckpoint(metadata: EventMetadata): void {
    this.work.unitCheckpoints().advance(this.tag, metadata);
  }

  /** Read models change only through their models' steps here (see fold, foldAcross): a statement would bypass the unit of work. */
  override collection<T extends Document = Document>(base: string): Collection<T> {
    throw new Error(`${base}: a unit of work serves documents to models, not statements`);
  }

  /**
   * One fold step (see FoldStep): loads what it reads and the documents it names, then reads and
   * evolves them in one synchronous turn, so no other tag's work comes in between. The reads are
   * recorded as seen (a concurrent change of one redoes this tag), the evolutions so that a clash
   * at write-back runs them again, with the same reads, on the fresh copy.
   */
  async fold(step: FoldStep): Promise<void> {
    const buffer = this.work.buffer(step.collection);
    const byCollection = new Map<string, string[]>();
    for (const { collection, id } of step.reads) byCollection.set(collection, [...(byCollection.get(collection) ?? []), id]);
    await Promise.all([...byCollection].map(([collection, ids]) => this.work.buffer(collection).entriesFor(ids)));
    const current = (collection: string, id: string): Doc | null => this.work.buffer(collection).loaded(id)!.current;
    for (;;) {
      const ids = step.idsOf(current);
      if (ids.every((id) => buffer.loaded(id))) {
        const seen = new Map(step.reads.map(({ collection, id }) => {
          const entry = this.work.buffer(collection).loaded(id)!;
          return [`${collection}/${id}`, this.work.buffer(collection).perform(entry, this.tag, (doc) => ({ doc, result: doc }), true).result as Doc | null] as const;
        }));
        const read = (collection: string, id: string): Doc | null => seen.get(`${collection}/${id}`) ?? null;
        for (const id of ids) buffer.perform(buffer.loaded(id)!, this.tag, (doc) => ({ doc: step.evolve(doc, id, read), result: undefined }), false);
        return;
      }
      await buffer.entriesFor(ids);
    }
  }

  /**
   * Runs `fold` on the documents as they are in memory, loading what it asks for and running it
   * again until it has all it needs; then records what it read and put as one step per document
   * (not rerunnable: a clash on any of them redoes the tag, see FoldModel).
   */
  async foldAcross(fold: (documents: FoldDocuments) => void): Promise<void> {
    for (;;) {
      const touched = new Map<string, Map<string, { entry: BufferEntry; put?: { doc: ModelDocument | null } }>>();
      const touch = (collection: string, id: string) => {
        const entry = this.work.buffer(collection).loaded(id);
        if (!entry) throw new DocumentsNotLoaded(collection, [id]);
        let docs = touched.get(collection);
        if (!docs) touched.set(collection, (docs = new Map()));
        let seen = docs.get(id);
        if (!seen) docs.set(id, (seen = { entry }));
        return seen;
      };
      const documents: FoldDocuments = {
        load: (collection, ids) => {
          const buffer = this.work.buffer(collection);
          const missing = ids.filter((id) => !buffer.loaded(id));
          if (missing.length > 0) throw new DocumentsNotLoaded(collection, missing);
        },
        get: <D extends ModelDocument>(collection: string, id: string) => {
          const seen = touch(collection, id);
          return (seen.put ? seen.put.doc : seen.entry.current) as D | null;
        },
        put: (collection, id, doc) => void (touch(collection, id).put = { doc }),
      };
      try {
        fold(documents);
      } catch (error) {
        if (!(error instanceof DocumentsNotLoaded)) throw error;
        await this.work.buffer(error.collection).entriesFor(error.ids);
        continue;
      }
      for (const [collection, docs] of touched) {
        const buffer = this.work.buffer(collection);
        for (const { entry, put } of docs.values()) buffer.perform(entry, this.tag, (doc) => ({ doc: put ? (put.doc as Doc | null) : doc, result: undefined }), true, false);
      }
      return;
    }
  }
}

/** A FoldModel's evolve over a unit of work's space (what the runner hands a projection); see BufferedSpace.foldAcross. */
export async function foldDocuments(space: ReadModelSpace, fold: (documents: FoldDocuments) => void): Promise<void> {
  if (!(space instanceof BufferedSpace)) throw new Error('documents are folded inside a unit of work (the runner\'s space)');
  await space.foldAcross(fold);
}

const bufferedSpace = (space: ReadModelSpace): BufferedSpace => {
  if (!(space instanceof BufferedSpace)) throw new Error('checkpoints are kept inside a unit of work (the runner\'s space)');
  return space;
};

/** The version of `aggregateId` applied, read in a unit of work's space (what the runner hands a projection). */
export const appliedVersion = (space: ReadModelSpace, aggregateId: string): Promise<number> => bufferedSpace(space).appliedVersion(aggregateId);

/** The checkpoint of `metadata`'s aggregate moved to its version, written after the read models (forward only). */
export const advanceCheckpoint = (space: ReadModelSpace, metadata: EventMetadata): void => bufferedSpace(space).advanceCheckpoint(metadata);

/**
 * What a read model does with one event, in the terms of a unit of work: the documents of other
 * collections it reads, the ids of its own collection it then changes, and how.
 */
export interface FoldStep {
  collection: string;
  reads: readonly { collection: string; id: string }[];
  idsOf(read: (collection: string, id: string) => Doc | null): readonly string[];
  evolve(document: Doc | null, id: string, read: (collection: string, id: string) => Doc | null): Doc | null;
}

/** `step` in a unit of work's space (what the runner hands a projection); see BufferedSpace.fold. */
export async function foldInUnit(space: ReadModelSpace, step: FoldStep): Promise<void> {
  if (!(space instanceof BufferedSpace)) throw new Error('documents are evolved inside a unit of work (the runner\'s space)');
  await space.fold(step);
}

/**
 * Serves a batch of projection work from memory and writes it back in bulk: reads by `_id`
 * (coalesced into `$in` queries), writes to cached copies, then one bulk write per collection.
 * Concurrent writers (another instance, a sweeper) are handled optimistically per document;
 * where that cannot keep every result a caller saw, flush() names the tags to run again.
 */
export class UnitOfWork {
  private readonly buffers = new Map<string, CollectionBuffer>();
  private readonly checkpoints?: UnitCheckpoints;
  /** How long each collection's write-back took in flush() (ms; the data collections' overlap). */
  readonly writeMs: Record<string, number> = {};

  constructor(readonly space: ReadModelSpace, private readonly options: UnitOfWorkOptions = {}) {
    if (options.checkpoints) this.checkpoints = new UnitCheckpoints(options.checkpoints, (base) => this.buffer(base));
  }

  unitCheckpoints(): UnitCheckpoints {
    if (!this.checkpoints) throw new Error('this unit of work keeps no checkpoints');
    return this.checkpoints;
  }

  /** The space to hand to code running under `tag` (the runner: one message key). */
  spaceFor(tag: string): ReadModelSpace {
    return new BufferedSpace(this, tag);
  }

  buffer(base: string): CollectionBuffer {
    let buffer = this.buffers.get(base);
    if (!buffer) {
      const guard = base === this.options.checkpoints?.host ? keepCheckpoint : undefined;
      this.buffers.set(base, (buffer = new CollectionBuffer(this.space.collection<Doc>(base), this.options.cache, guard)));
    }
    return buffer;
  }

  /**
   * Data collections first (side by side, then `writeLast` in order) except the checkpoint host,
   * then checks that what was only read is still current (the host's and, with a host, the
   * checkpoints' reads too: a hosted checkpoint is written next), then places the checkpoints of
   * the tags that need no redo and touched no document the store refused (see FlushOutcome,
   * UnitCheckpoints.place), then writes the host, then the checkpoints collection, withholding
   * the tags the host's write-back redid or failed.
   */
  async flush(): Promise<FlushOutcome> {
    const { writeLast = [], checkpoints: { collection: checkpoints, host } = {} } = this.options;
    const redo = new Set<string>();
    const failed = new Map<string, Error>();
    const isData = (base: string) => base !== checkpoints && base !== host;
    const data = [...this.buffers.keys()].filter(isData);
    await Promise.all(data.filter((base) => !writeLast.includes(base)).map((base) => this.timed(base, redo, failed)));
    for (const base of writeLast.filter(isData)) await this.timed(base, redo, failed);
    const validated = [...this.buffers].filter(([base]) => base !== checkpoints || host !== undefined);
    if (!this.options.exclusive) await Promise.all(validated.map(([, buffer]) => buffer.validateReads(redo)));
    // A tag that failed is dead-lettered, not redone.
    const dropFailedFromRedo = () => failed.forEach((_, tag) => redo.delete(tag));
    dropFailedFromRedo();
    const touchedByTag = host === undefined ? new Map<string, Set<string>>() : this.buffer(host).idsTouchedByTag();
    redoAlongside(touchedByTag, redo, failed);
    await this.checkpoints?.place(redo, failed, touchedByTag);
    if (host !== undefined) {
      await this.timed(host, redo, failed, new Set([...redo, ...failed.keys()]));
      dropFailedFromRedo();
    }
    if (checkpoints !== undefined) await this.timed(checkpoints, redo, failed, new Set([...redo, ...failed.keys()]));
    return { redo, failed };
  }

  private async timed(base: string, redo: Set<string>, failed: Map<string, Error>, withhold?: ReadonlySet<string>): Promise<void> {
    const buffer = this.buffers.get(base);
    if (!buffer) return;
    const started = performance.now();
    await buffer.flush(redo, withhold, failed);
    this.writeMs[base] = performance.now() - started;
  }
}

/**
 * The host documents of tags that are redone or failed are not written: a replay reads them to
 * tell what it has seen (an item's version), so one written while another document of the tag did
 * not land would make the replay skip that document. Every tag whose steps touched such a document
 * (its work there is not written either, or it read what is not written) is redone with them.
 */
function redoAlongside(idsByTag: ReadonlyMap<string, ReadonlySet<string>>, redo: Set<string>, failed: ReadonlyMap<string, Error>): void {
  const tagsById = new Map<string, string[]>();
  for (const [tag, ids] of idsByTag) for (const id of ids) tagsById.set(id, [...(tagsById.get(id) ?? []), tag]);
  const pending = [...redo, ...failed.keys()];
  const reached = new Set(pending);
  for (let tag = pending.pop(); tag !== undefined; tag = pending.pop()) {
    for (const id of idsByTag.get(tag) ?? []) {
      for (const other of tagsById.get(id) ?? []) {
        if (reached.has(other)) continue;
        reached.add(other);
        redo.add(other);
        pending.push(other);
      }
    }
  }
}
