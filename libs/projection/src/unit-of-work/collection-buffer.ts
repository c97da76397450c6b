import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { BSON, type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';
import { isDuplicateKey } from '@inventory/platform';
import { isInfrastructureFailure } from '../mongo-errors.js';
import type { DocumentCache } from './document-cache.js';
import { REVISION_FIELD, type Doc } from './stored-document.js';

/** One step a read model took on one document, kept so it can be run again on a fresher copy. */
interface RecordedOp {
  /** Who ran it (the unit of work's caller: the runner tags by message key). */
  tag: string;
  run(doc: Doc | null): { doc: Doc | null; result: unknown };
  result?: unknown;
  error?: unknown;
  /** Whether the caller looked at the result (a read of another model's document). */
  observed: boolean;
  /** False for a fold's step (its document was computed from others too): a clash redoes its tag instead. */
  rerunnable?: boolean;
}

interface Entry {
  id: string;
  /** As loaded (null: known absent), revision included. */
  original: Doc | null;
  current: Doc | null;
  dirty: boolean;
  /** Written back by this unit of work (over the revision read, so what was read held until then). */
  written: boolean;
  /** Given up on: its steps' callers are redone (or, if its write failed, dead-lettered). */
  abandoned: boolean;
  ops: RecordedOp[];
}

export type { Entry as BufferEntry };

/** What every step's document must satisfy in a collection (its runner-owned fields kept): `after` as written. */
export type StepGuard = (before: Doc | null, after: Doc | null) => Doc | null;

const MAX_IDS_PER_QUERY = 10_000;
const MAX_WRITE_ATTEMPTS = 5;
const MAX_OPS_PER_BULK = 1_000;
/** The store's limit for one document (MongoDB's; the driver refuses a larger one before sending anything). */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Why one document could not be written; the tags that touched it are dead-lettered, the rest of the unit commits. */
export class DocumentWriteError extends Error {
  constructor(readonly collection: string, readonly id: string, cause: unknown) {
    super(`writing ${collection} ${id} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DocumentWriteError';
  }
}

/** A planned write of one entry. */
interface Write {
  entry: Entry;
  revision: string;
  operation: AnyBulkWriteOperation<Doc>;
}

const revisionPrefix = randomBytes(6).toString('base64url');
let revisionCounter = 0;
/** A revision token unique across processes (random prefix) and within one (counter). */
export const newRevision = (): string => `${revisionPrefix}${(revisionCounter++).toString(36)}`;

const inBatches = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * One collection's documents within a unit of work: loaded by `_id` (loads asked for in the same
 * turn of the event loop become one `_id: {$in}` query), changed in memory, written back in bulk,
 * each document only over the revision it was read at.
 */
export class CollectionBuffer {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<void>>();
  private queued: string[] = [];
  private batch: Promise<void> | undefined;

  constructor(readonly collection: Collection<Doc>, private readonly cache?: DocumentCache, private readonly guard?: StepGuard) {}

  get name(): string {
    return this.collection.collectionName;
  }

  async entriesFor(ids: readonly string[]): Promise<Entry[]> {
    await Promise.all(ids.filter((id) => !this.entries.has(id)).map((id) => this.load(id)));
    return ids.map((id) => this.entries.get(id)!);
  }

  /** The entry of `id` if this unit has loaded it already (see entriesFor). */
  loaded(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  /** Per tag, the ids of the documents its steps read or changed here (one pass: a rebuild's unit holds thousands of tags). */
  idsTouchedByTag(): Map<string, Set<string>> {
    const touched = new Map<string, Set<string>>();
    for (const entry of this.entries.values()) {
      for (const { tag } of entry.ops) {
        let ids = touched.get(tag);
        if (!ids) touched.set(tag, (ids = new Set()));
        ids.add(entry.id);
      }
    }
    return touched;
  }

  /** Runs a step on the cached copy (through the guard) and records it; throws what the step throws. */
  perform(entry: Entry, tag: string, step: RecordedOp['run'], observed: boolean, rerunnable = true): RecordedOp {
    const { guard } = this;
    const run: RecordedOp['run'] = guard ? (doc) => {
      const outcome = step(doc);
      return { ...outcome, doc: guard(doc, outcome.doc) };
    } : step;
    const op: RecordedOp = { tag, run, observed, rerunnable };
    entry.ops.push(op);
    try {
      const { doc, result } = run(entry.current);
      op.result = result;
      if (doc !== entry.current) {
        entry.current = doc;
        entry.dirty = true;
      }
      return op;
    } catch (error) {
      op.error = error;
      op.observed = true;
      throw error;
    }
  }

  /**
   * Writes back every changed document (insert, replace or delete, each only over the revision it
   * was read at). A document someone else changed meanwhile is reloaded and its steps run
   * again in order: if every result its callers saw comes out the same, that version is written;
   * otherwise (or after repeated clashes) its callers' tags go to `redo` and it is not written.
   * Documents of a tag in `withhold` are not written at all. A document the store refuses for
   * itself (too large, invalid), not for a clash or an outage, is left out and its tags go to
   * `failed` with the reason: the rest is written.
   */
  async flush(redo: Set<string>, withhold?: ReadonlySet<string>, failed = new Map<string, Error>()): Promise<void> {
    let pending = [...this.entries.values()].filter((entry) => entry.dirty && !entry.abandoned && !(withhold && entry.ops.some((op) => withhold.has(op.tag))));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const conflicted = await this.writeBack(pending, failed);
      if (conflicted.length === 0) return;
      if (attempt === MAX_WRITE_ATTEMPTS) {
        for (const entry of conflicted) this.abandon(entry, redo);
        return;
      }
      pending = await this.rebase(conflicted, redo);
    }
  }

  /**
   * Documents only read here: if any changed since, the tags that saw a result go to `redo`
   * (what they did may rest on a read that a concurrent write made stale before ours landed).
   */
  async validateReads(redo: Set<string>): Promise<void> {
    const readOnly = [...this.entries.values()].filter((entry) => !entry.dirty && !entry.written && !entry.abandoned && entry.ops.some((op) => op.observed));
    if (readOnly.length === 0) return;
    const stored = await this.fetch(readOnly.map((entry) => entry.id), { [REVISION_FIELD]: 1 });
    for (const entry of readOnly) {
      const now = stored.get(entry.id);
      if (Boolean(now) !== Boolean(entry.original) || now?.[REVISION_FIELD] !== entry.original?.[REVISION_FIELD]) this.abandon(entry, redo);
    }
  }

  private abandon(entry: Entry, redo: Set<string>): void {
    entry.abandoned = true;
    this.cache?.forget(this.name, entry.id);
    for (const op of entry.ops) redo.add(op.tag);
  }

  private load(id: string): Promise<void> {
    const cached = this.cache?.get(this.name, id);
    if (cached !== undefined) {
      this.entries.set(id, newEntry(id, cached));
      return Promise.resolve();
    }
    let loading = this.loading.get(id);
    if (!loading) {
      this.queued.push(id);
      this.batch ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.loadQueued());
      this.loading.set(id, (loading = this.batch));
    }
    return loading;
  }

  private async loadQueued(): Promise<void> {
    const ids = this.queued;
    this.queued = [];
    this.batch = undefined;
    try {
      const found = await this.fetch(ids);
      for (const id of ids) {
        const doc = found.get(id) ?? null;
        this.cache?.remember(this.name, id, doc);
        if (!this.entries.has(id)) this.entries.set(id, newEntry(id, doc));
      }
    } finally {
      for (const id of ids) this.loading.delete(id);
    }
  }

  private async fetch(ids: readonly string[], projection?: Document): Promise<Map<string, Doc>> {
    const found = new Map<string, Doc>();
    for (const batch of inBatches(ids, MAX_IDS_PER_QUERY)) {
      for (const doc of await this.collection.find({ _id: { $in: batch } }, { projection }).toArray()) found.set(doc._id, doc);
    }
    return found;
  }

  /**
   * Returns the entries whose write was refused (their stored revision was not the one read).
   * Entries the store cannot take at all are failed (see flush) and neither written nor returned.
   */
  private async writeBack(entries: readonly Entry[], failed: Map<string, Error>): Promise<Entry[]> {
    const writes: Write[] = [];
    for (const entry of entries) {
      const revision = newRevision();
      const operation = writeOf(entry, revision);
      if (!operation) continue;
      const bytes = entry.current ? BSON.calculateObjectSize(entry.current) : 0;
      if (bytes > MAX_DOCUMENT_BYTES) this.fail(entry, new Error(`the document would be ${bytes} bytes, over the store's ${MAX_DOCUMENT_BYTES}`), failed);
      else writes.push({ entry, revision, operation });
    }
    let refused = false;
    for (const batch of inBatches(writes, MAX_OPS_PER_BULK)) refused = (await this.writeBatch(batch, failed)) || refused;
    const written = writes.filter(({ entry }) => !entry.abandoned);
    if (!refused) {
      for (const { entry, revision } of written) this.settle(entry, revision);
      return [];
    }
    const stored = await this.fetch(written.map(({ entry }) => entry.id), { [REVISION_FIELD]: 1 });
    const conflicted: Entry[] = [];
    for (const { entry, revision } of written) {
      const landed = entry.current ? stored.get(entry.id)?.[REVISION_FIELD] === revision : !stored.has(entry.id);
      if (landed) this.settle(entry, revision);
      else conflicted.push(entry);
    }
    return conflicted;
  }

  /**
   * One unordered bulk write; true if some write was refused (a clash: see writeBack). A write the
   * store rejects for itself fails its entry; a batch refused as a whole without saying which
   * document (a client-side error) is written again one document at a time to find it.
   */
  private async writeBatch(batch: readonly Write[], failed: Map<string, Error>): Promise<boolean> {
    try {
      const result = await this.collection.bulkWrite(batch.map((write) => write.operation), { ordered: false });
      return result.insertedCount + result.matchedCount + result.deletedCount < batch.length;
    } catch (error) {
      if (isInfrastructureFailure(error) || (error as { writeConcernError?: unknown }).writeConcernError) throw error;
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0) {
        if (batch.length === 1) {
          this.fail(batch[0]!.entry, error, failed);
          return false;
        }
        let refused = false;
        for (const write of batch) refused = (await this.writeBatch([write], failed)) || refused;
        return refused;
      }
      // Duplicate keys are refused inserts (an id that exists by now): a clash, like a changed revision.
      for (const writeError of writeErrors) if (!isDuplicateKey(writeError)) this.fail(batch[writeError.index]!.entry, writeError, failed);
      return writeErrors.some((writeError) => isDuplicateKey(writeError));
    }
  }

  private fail(entry: Entry, cause: unknown, failed: Map<string, Error>): void {
    entry.abandoned = true;
    this.cache?.forget(this.name, entry.id);
    const error = new DocumentWriteError(this.name, entry.id, cause instanceof Error ? cause.message : (cause as { errmsg?: string }).errmsg ?? String(cause));
    for (const op of entry.ops) failed.set(op.tag, error);
  }

  private settle(entry: Entry, revision: string): void {
    entry.original = entry.current && { ...entry.current, [REVISION_FIELD]: revision };
    entry.current = entry.original;
    entry.dirty = false;
    entry.written = true;
    this.cache?.remember(this.name, entry.id, entry.original);
  }

  /** Reloads `conflicted` and re-runs their steps on the fresh copies; returns those to write again. */
  private async rebase(conflicted: readonly Entry[], redo: Set<string>): Promise<Entry[]> {
    const fresh = await this.fetch(conflicted.map((entry) => entry.id));
    const again: Entry[] = [];
    for (const entry of conflicted) {
      const base = fresh.get(entry.id) ?? null;
      const replayed = rerun(entry.ops, base);
      if (replayed === undefined) {
        this.abandon(entry, redo);
        continue;
      }
      this.cache?.remember(this.name, entry.id, base);
      Object.assign(entry, { original: base, current: replayed, dirty: true });
      again.push(entry);
    }
    return again;
  }
}

function writeOf({ id, original, current }: Entry, revision: string): AnyBulkWriteOperation<Doc> | undefined {
  const read = original ? { [REVISION_FIELD]: original[REVISION_FIELD] ?? { $exists: false } } : {};
  if (current && !original) return { insertOne: { document: { ...current, [REVISION_FIELD]: revision } } };
  if (current) return { replaceOne: { filter: { _id: id, ...read }, replacement: { ...current, [REVISION_FIELD]: revision } } };
  if (original) return { deleteOne: { filter: { _id: id, ...read } } };
  return undefined; // created and deleted within the unit of work
}

const newEntry = (id: string, doc: Doc | null): Entry => ({ id, original: doc, current: doc, dirty: false, written: false, abandoned: false, ops: [] });

/** The steps' end state on `base`, or undefined if any result a caller saw would differ (or a step cannot run again). */
function rerun(ops: readonly RecordedOp[], base: Doc | null): Doc | null | undefined {
  let doc = base;
  for (const op of ops) {
    if (op.rerunnable === false || op.error !== undefined) return undefined;
    try {
      const outcome = op.run(doc);
      if (op.observed && !isDeepStrictEqual(outcome.result, op.result)) return undefined;
      doc = outcome.doc;
    } catch {
      return undefined;
    }
  }
  return doc;
}

/** The per-document errors of an unordered bulk write (index into the batch). */
function writeErrorsOf(error: unknown): { index: number; code?: unknown; errmsg?: string }[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list as { index: number; code?: unknown; errmsg?: string }[];
}
