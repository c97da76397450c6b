import type { InventoryEvent } from '@inventory/contracts';
import { storeProfileOf } from '@inventory/platform';
import type { AnyDocumentModel, ReadModelSpace } from '@inventory/projection';
import type { Collection, Document, IndexDescription } from 'mongodb';

/** The part of the query projection one slice owns: its indexes and its read models, as pure folds (see DocumentModel, FoldModel). */
export interface SliceProjection {
  setup(space: ReadModelSpace): Promise<void>;
  models: readonly AnyDocumentModel[];
}

/** Bookkeeping every read-model entity carries. */
export interface Versioned {
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The entity after an event that sets its fields: a replayed event (a version the document has
 * seen) changes nothing; createdAt is kept from the document's first version.
 */
export function evolveVersioned<D extends Versioned>(doc: D | null, { metadata }: InventoryEvent, fields: () => Omit<D, keyof Versioned>): D {
  if (doc && doc.version >= metadata.aggregateVersion) return doc;
  const at = new Date(metadata.occurredAt);
  return { ...fields(), version: metadata.aggregateVersion, createdAt: doc?.createdAt ?? at, updatedAt: at } as D;
}

/** Closes a model's switch over the events it handles: adding one to `handles` without a case fails to compile. */
export function unhandled(event: never): never {
  throw new Error(`an event type the model does not handle: ${(event as InventoryEvent).type}`);
}

export const versionedView = ({ version, createdAt, updatedAt }: Versioned) => ({ version, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() });

/** $set for a created entity: createdAt only on first insert, so a replay keeps it. */
export const createdFields = (version: number, occurredAt: number) => ({
  $set: { version, updatedAt: new Date(occurredAt) },
  $setOnInsert: { createdAt: new Date(occurredAt) },
});

/**
 * Creates a collection that has no secondary index to create it, during setup rather than on the
 * first concurrent upserts (FerretDB has been seen to stall on concurrent collection creation).
 */
export async function ensureCollection<T extends Document>(collection: Collection<T>): Promise<void> {
  const existing = await collection.db.listCollections({ name: collection.collectionName }, { nameOnly: true }).toArray();
  if (existing.length === 0) await collection.db.createCollection(collection.collectionName).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 48) throw error; // NamespaceExists: another member made it meanwhile
  });
}

/**
 * Indexes for the listings that filter on other fields than `_id` (search, history, point in
 * time) where the store profile has secondary indexes. Not on the local FerretDB: v1 answers every
 * such filter by scanning, so there they only cost every write (an insertMany of items took twice
 * as long with them) and serve no read.
 */
export async function createSecondaryIndexes<T extends Document>(collection: Collection<T>, indexes: IndexDescription[]): Promise<void> {
  if (storeProfileOf(collection.db).secondaryIndexes) await collection.createIndexes(indexes);
  else await ensureCollection(collection);
}
