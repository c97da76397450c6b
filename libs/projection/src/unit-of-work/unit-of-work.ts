import type { Collection, Document } from 'mongodb';
import { ReadModelSpace } from '../read-models.js';
import { BufferedCollection } from './buffered-collection.js';
import { CollectionBuffer } from './collection-buffer.js';
import type { DocumentCache } from './document-cache.js';
import type { Doc } from './document-ops.js';

export interface UnitOfWorkOptions {
  /** Collections (base names) written after all others, in this order; the rest go side by side. */
  writeLast?: readonly string[];
  /** Written at the very end, and not for tags that must be redone (the checkpoints). */
  bookkeeping?: string;
  /** Documents kept from earlier units of work (see DocumentCache). */
  cache?: DocumentCache;
}

/** A space whose collections are served by a unit of work, statements recorded under `tag`. */
class BufferedSpace extends ReadModelSpace {
  constructor(private readonly work: UnitOfWork, private readonly tag: string) {
    super(work.space.db, work.space.projection, work.space.generation);
  }

  override collection<T extends Document = Document>(base: string): Collection<T> {
    return new BufferedCollection(this.work.buffer(base), this.tag) as unknown as Collection<T>;
  }
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
   * only read is still current, then the bookkeeping of the tags that need no redo. Returns the
   * tags whose work must be run again in a fresh unit of work (their bookkeeping was not written).
   */
  async flush(): Promise<Set<string>> {
    const { writeLast = [], bookkeeping } = this.options;
    const redo = new Set<string>();
    const data = [...this.buffers].filter(([base]) => base !== bookkeeping);
    await Promise.all(data.filter(([base]) => !writeLast.includes(base)).map(([base]) => this.timed(base, redo)));
    for (const base of writeLast) await this.timed(base, redo);
    await Promise.all(data.map(([, buffer]) => buffer.validateReads(redo)));
    if (bookkeeping) await this.timed(bookkeeping, redo, redo);
    return redo;
  }

  private async timed(base: string, redo: Set<string>, withhold?: ReadonlySet<string>): Promise<void> {
    const buffer = this.buffers.get(base);
    if (!buffer) return;
    const started = performance.now();
    await buffer.flush(redo, withhold);
    this.writeMs[base] = performance.now() - started;
  }
}
