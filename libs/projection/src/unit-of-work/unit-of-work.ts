import type { Collection, Document } from 'mongodb';
import { DocumentsNotLoaded, type FoldDocuments, type ModelDocument } from '../fold-documents.js';
import { ReadModelSpace } from '../read-models.js';
import { CollectionBuffer, type BufferEntry } from './collection-buffer.js';
import type { DocumentCache } from './document-cache.js';
import type { Doc } from './stored-document.js';

/** What a unit of work's write-back leaves to its caller. */
export interface FlushOutcome {
  /** Tags whose work must run again in a fresh unit of work (their bookkeeping was not written). */
  redo: Set<string>;
  /** Tags that touched a document the store refused for itself, with the reason: their bookkeeping was not written, the rest was. */
  failed: Map<string, Error>;
}

export interface UnitOfWorkOptions {
  /** Collections (base names) written after all others, in this order; the rest go side by side. */
  writeLast?: readonly string[];
  /** Written at the very end, and not for tags that must be redone (the checkpoints). */
  bookkeeping?: string;
  /** Documents kept from earlier units of work (see DocumentCache). */
  cache?: DocumentCache;
}

/** A space whose documents are served by a unit of work, the models' steps recorded under `tag`. */
class BufferedSpace extends ReadModelSpace {
  constructor(private readonly work: UnitOfWork, private readonly tag: string) {
    super(work.space.db, work.space.projection, work.space.generation);
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
  /** How long each collection's write-back took in flush() (ms; the data collections' overlap). */
  readonly writeMs: Record<string, number> = {};

  constructor(readonly space: ReadModelSpace, private readonly options: UnitOfWorkOptions = {}) {}

  /** The space to hand to code running under `tag` (the runner: one message key). */
  spaceFor(tag: string): ReadModelSpace {
    return new BufferedSpace(this, tag);
  }

  buffer(base: string): CollectionBuffer {
    let buffer = this.buffers.get(base);
    if (!buffer) this.buffers.set(base, (buffer = new CollectionBuffer(this.space.collection<Doc>(base), this.options.cache)));
    return buffer;
  }

  /**
   * Data collections first (side by side, then `writeLast` in order), then checks that what was
   * only read is still current, then the bookkeeping of the tags that need no redo and touched no
   * document the store refused (see FlushOutcome).
   */
  async flush(): Promise<FlushOutcome> {
    const { writeLast = [], bookkeeping } = this.options;
    const redo = new Set<string>();
    const failed = new Map<string, Error>();
    const data = [...this.buffers].filter(([base]) => base !== bookkeeping);
    await Promise.all(data.filter(([base]) => !writeLast.includes(base)).map(([base]) => this.timed(base, redo, failed)));
    for (const base of writeLast) await this.timed(base, redo, failed);
    await Promise.all(data.map(([, buffer]) => buffer.validateReads(redo)));
    // A tag that failed is dead-lettered, not redone.
    for (const tag of failed.keys()) redo.delete(tag);
    if (bookkeeping) await this.timed(bookkeeping, redo, failed, new Set([...redo, ...failed.keys()]));
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
