import type { Document } from 'mongodb';
import type { CollectionBuffer } from './collection-buffer.js';
import { duplicateKeyError, idsOf, matches, projected, updateDocument, type Doc } from './document-ops.js';

type Observe = () => void;

/** `result` whose fields, once read, mark the statements behind them as seen by the caller. */
function observable<T extends object>(result: T, observe: Observe): T {
  const seen = {} as T;
  for (const [key, value] of Object.entries(result)) {
    Object.defineProperty(seen, key, { enumerable: true, get: () => (observe(), value) });
  }
  return seen;
}

const ALLOWED_OPTIONS = new Set(['projection', 'upsert', 'returnDocument']);

function checked(options: Document | undefined): Document {
  for (const key of Object.keys(options ?? {})) if (!ALLOWED_OPTIONS.has(key)) throw new Error(`a unit of work does not support the option ${key}`);
  return options ?? {};
}

function single(filter: Document): string {
  const ids = idsOf(filter);
  if (ids.length !== 1 || typeof filter._id !== 'string') throw new Error(`a unit of work addresses a single-document statement by _id equality, not ${JSON.stringify(filter)}`);
  return ids[0]!;
}

/**
 * The part of the driver's Collection that projections use, served from a unit of work: same
 * results, same duplicate-key errors, but nothing reaches the store before the unit of work is flushed.
 */
export class BufferedCollection {
  constructor(private readonly buffer: CollectionBuffer, private readonly tag: string) {}

  get collectionName(): string {
    return this.buffer.name;
  }

  async findOne(filter: Document, options?: Document): Promise<Doc | null> {
    const { projection } = checked(options);
    for (const entry of await this.buffer.entriesFor(idsOf(filter))) {
      const { result } = this.buffer.perform(entry, this.tag, (doc) => ({ doc, result: doc && matches(filter, doc) ? projected(doc, projection) : null }), true);
      if (result) return result as Doc;
    }
    return null;
  }

  find(filter: Document, options?: Document): { toArray(): Promise<Doc[]> } {
    const { projection } = checked(options);
    return {
      toArray: async () => {
        const found: Doc[] = [];
        for (const entry of await this.buffer.entriesFor(idsOf(filter))) {
          const { result } = this.buffer.perform(entry, this.tag, (doc) => ({ doc, result: doc && matches(filter, doc) ? projected(doc, projection) : null }), true);
          if (result) found.push(result as Doc);
        }
        // The store's order for an `_id $in` (the index order).
        return found.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
      },
    };
  }

  async insertOne(document: Document): Promise<{ acknowledged: boolean; insertedId: string }> {
    const id: unknown = document._id;
    if (typeof id !== 'string') throw new Error('a unit of work inserts documents with a string _id only');
    const [entry] = await this.buffer.entriesFor([id]);
    const op = this.buffer.perform(entry!, this.tag, (doc) => {
      if (doc) throw duplicateKeyError(this.buffer.name, id);
      return { doc: structuredClone(document) as Doc, result: true };
    }, false);
    return observable({ acknowledged: true, insertedId: id }, () => (op.observed = true));
  }

  async updateOne(filter: Document, update: Document, options?: Document) {
    const { upsert = false } = checked(options);
    const id = single(filter);
    const [entry] = await this.buffer.entriesFor([id]);
    const op = this.buffer.perform(entry!, this.tag, (doc) => {
      const { doc: next, matched, modified, upserted } = updateDocument(this.buffer.name, id, doc, filter, update, Boolean(upsert));
      return { doc: next, result: { matched, modified, upserted } };
    }, false);
    const { matched, modified, upserted } = op.result as { matched: boolean; modified: boolean; upserted: boolean };
    return observable(
      { acknowledged: true, matchedCount: Number(matched), modifiedCount: Number(modified), upsertedCount: Number(upserted), upsertedId: upserted ? id : null },
      () => (op.observed = true),
    );
  }

  async updateMany(filter: Document, update: Document, options?: Document) {
    checked(options);
    const ops: ReturnType<CollectionBuffer['perform']>[] = [];
    for (const entry of await this.buffer.entriesFor(idsOf(filter))) {
      ops.push(this.buffer.perform(entry, this.tag, (doc) => {
        const { doc: next, matched, modified } = updateDocument(this.buffer.name, entry.id, doc, filter, update, false);
        return { doc: next, result: { matched, modified } };
      }, false));
    }
    const results = ops.map((op) => op.result as { matched: boolean; modified: boolean });
    return observable(
      { acknowledged: true, matchedCount: results.filter((r) => r.matched).length, modifiedCount: results.filter((r) => r.modified).length, upsertedCount: 0, upsertedId: null },
      () => ops.forEach((op) => (op.observed = true)),
    );
  }

  async deleteOne(filter: Document, options?: Document) {
    checked(options);
    const id = single(filter);
    const [entry] = await this.buffer.entriesFor([id]);
    const op = this.buffer.perform(entry!, this.tag, (doc) => (doc && matches(filter, doc) ? { doc: null, result: true } : { doc, result: false }), false);
    return observable({ acknowledged: true, deletedCount: Number(op.result) }, () => (op.observed = true));
  }

  /** The document before or after the update (as the driver returns it without result metadata). */
  async findOneAndUpdate(filter: Document, update: Document, options?: Document): Promise<Doc | null> {
    const { upsert = false, returnDocument = 'before', projection } = checked(options);
    const id = single(filter);
    const [entry] = await this.buffer.entriesFor([id]);
    const op = this.buffer.perform(entry!, this.tag, (doc) => {
      const outcome = updateDocument(this.buffer.name, id, doc, filter, update, Boolean(upsert));
      const touched = outcome.matched || outcome.upserted;
      const result = returnDocument === 'after' ? (touched ? projected(outcome.doc, projection) : null) : outcome.matched ? projected(doc, projection) : null;
      return { doc: outcome.doc, result };
    }, true);
    return op.result as Doc | null;
  }
}
