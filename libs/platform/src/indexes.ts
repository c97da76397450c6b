import type { Collection, Document, IndexDescription } from 'mongodb';
import { storeProfileOf, type StoreProfile } from './store-profile.js';

/** An index a query or sweep needs, described once; the store profile decides what is created of it. */
export interface StoreIndex {
  name: string;
  key: Record<string, 1 | -1>;
  /** Correctness rather than speed (claims, user names): created on every profile. */
  unique?: true;
  /** Only the documents a query or sweep looks for (unfiltered where the profile has no partial indexes). */
  partialFilterExpression?: Document;
  /** `key`'s one date field is when the document expires: a TTL index where the profile has them (then no sweep is needed). */
  expires?: true;
}

/** What `indexes` become on `profile`: unique ones always, the others only where secondary indexes serve reads. */
export function indexesFor(profile: StoreProfile, indexes: readonly StoreIndex[]): IndexDescription[] {
  return indexes.filter((index) => index.unique || profile.secondaryIndexes).map(({ name, key, unique, partialFilterExpression, expires }) => ({
    name,
    key,
    ...(unique ? { unique } : {}),
    ...(partialFilterExpression && (unique || profile.partialIndexes) ? { partialFilterExpression } : {}),
    ...(expires && profile.ttlIndexes ? { expireAfterSeconds: 0 } : {}),
  }));
}

/** Creates what the store profile of `collection` keeps of `indexes` (idempotent: at every start). */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: readonly StoreIndex[]): Promise<void> {
  const wanted = indexesFor(storeProfileOf(collection), indexes);
  if (wanted.length > 0) await collection.createIndexes(wanted);
}

/** Whether the store expires `expires` indexes' documents itself; if not, the service's sweep must. */
export const expiresByItself = <T extends Document>(collection: Collection<T>): boolean => storeProfileOf(collection).ttlIndexes;

/**
 * A range over all of time, for queries on a partial index keyed by a date that every document has
 * (`updatedAt`): a planner only considers an index whose fields the query names, so naming the key
 * lets it use the partial index the rest of the filter implies instead of scanning.
 */
export const ANY_TIME = { $gte: new Date(0) } as const;
