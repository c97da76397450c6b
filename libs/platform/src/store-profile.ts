import type { Collection, Db, Document, MongoClient } from 'mongodb';
import { z } from 'zod';

export const STORE_PROFILES = ['mongodb', 'documentdb', 'ferretdb-local'] as const;
export type StoreProfileName = (typeof STORE_PROFILES)[number];

/**
 * Everything that differs between the document stores the product runs on, decided here and
 * nowhere else: services ask the profile, never the server. MongoDB is the plain path; the other
 * two profiles name what they lack.
 */
export interface StoreProfile {
  name: StoreProfileName;
  /** Indexes that serve reads and sweeps (not uniqueness). FerretDB v1 scans for every filter on another field than `_id`, so there they only cost writes. */
  secondaryIndexes: boolean;
  /** Indexes with a `partialFilterExpression` (else the same keys, unfiltered). */
  partialIndexes: boolean;
  /** TTL indexes expire documents, so the expiry sweeps need not run. */
  ttlIndexes: boolean;
  /** The driver's retryable writes (DocumentDB refuses them; the code's own retry covers it, see withWriteRetry). */
  retryableWrites: boolean;
  /** `findOneAndUpdate` may carry a projection (FerretDB v1 refuses one). */
  findAndModifyProjection: boolean;
  /** Collections are created one at a time before first use (FerretDB on SQLite has been seen to stall on concurrent creation). */
  serialCollectionCreation: boolean;
}

export const storeProfiles: Readonly<Record<StoreProfileName, StoreProfile>> = {
  mongodb: { name: 'mongodb', secondaryIndexes: true, partialIndexes: true, ttlIndexes: true, retryableWrites: true, findAndModifyProjection: true, serialCollectionCreation: false },
  documentdb: { name: 'documentdb', secondaryIndexes: true, partialIndexes: true, ttlIndexes: true, retryableWrites: false, findAndModifyProjection: true, serialCollectionCreation: false },
  'ferretdb-local': { name: 'ferretdb-local', secondaryIndexes: false, partialIndexes: false, ttlIndexes: false, retryableWrites: false, findAndModifyProjection: false, serialCollectionCreation: true },
};

/** STORE_PROFILE: the local stack and the tests set `ferretdb-local`; a deployment says `documentdb` where it runs on Amazon DocumentDB. */
export const storeProfileSetting = z.enum(STORE_PROFILES).default('mongodb');

const profileOfClient = new WeakMap<MongoClient, StoreProfile>();

/** Records which store a client talks to (createMongo does this), so code holding only a Db or Collection can ask. */
export function attachStoreProfile(client: MongoClient, profile: StoreProfile): void {
  profileOfClient.set(client, profile);
}

/** The profile of the store behind `handle`; its client must come from createMongo (or have one attached). */
export function storeProfileOf<T extends Document>(handle: Db | Collection<T>): StoreProfile {
  const client = 'client' in handle ? handle.client : handle.db.client;
  const profile = profileOfClient.get(client);
  if (!profile) throw new Error('this MongoClient has no store profile: make it with createMongo (or attachStoreProfile) so the code knows which store it talks to');
  return profile;
}
