import { readFileSync } from 'node:fs';
import { MongoClient, type Db, type MongoClientOptions, type ReadPreferenceMode } from 'mongodb';
import { commonEnvSchema, ConfigError, loadConfig } from './config.js';
import { attachStoreProfile, storeProfiles, type StoreProfile, type StoreProfileName } from './store-profile.js';

/** How to reach the document store: the URI plus what DocumentDB-like targets need outside it. */
export interface StoreConnection {
  uri: string;
  profile: StoreProfile;
  /** CA bundle for TLS (the Amazon RDS bundle on DocumentDB); TLS is on when set. */
  tlsCAFile?: string | undefined;
  retryWrites: boolean;
  readPreference: ReadPreferenceMode;
}

interface StoreSettings {
  MONGODB_URI: string;
  STORE_PROFILE: StoreProfileName;
  MONGODB_TLS_CA_FILE?: string | undefined;
  MONGODB_RETRY_WRITES?: boolean | undefined;
  MONGODB_READ_PREFERENCE: ReadPreferenceMode;
}

/** The connection named by the validated env (commonEnvSchema); refuses what the profile's store cannot do. */
export function storeConnectionOf(config: StoreSettings): StoreConnection {
  const profile = storeProfiles[config.STORE_PROFILE];
  const retryWrites = config.MONGODB_RETRY_WRITES ?? profile.retryableWrites;
  if (retryWrites && profile.name === 'documentdb') {
    throw new ConfigError('invalid configuration:\n  MONGODB_RETRY_WRITES: DocumentDB refuses retryable writes (leave it unset or false)');
  }
  if (config.MONGODB_TLS_CA_FILE) {
    try {
      readFileSync(config.MONGODB_TLS_CA_FILE);
    } catch (error) {
      throw new ConfigError(`invalid configuration:\n  MONGODB_TLS_CA_FILE: cannot read ${config.MONGODB_TLS_CA_FILE} (${(error as Error).message})`);
    }
  }
  return { uri: config.MONGODB_URI, profile, tlsCAFile: config.MONGODB_TLS_CA_FILE, retryWrites, readPreference: config.MONGODB_READ_PREFERENCE };
}

/** Driver options for `connection`; options given here win over the same ones in the URI. */
export function mongoOptions(connection: StoreConnection, appName: string): MongoClientOptions {
  return {
    serverSelectionTimeoutMS: 5000,
    appName,
    // The write counter (store-writes.ts) reads the started commands.
    monitorCommands: true,
    retryWrites: connection.retryWrites,
    readPreference: connection.readPreference,
    ...(connection.tlsCAFile ? { tls: true, tlsCAFile: connection.tlsCAFile } : {}),
  };
}

/**
 * The official driver for one service's database (the name comes from the service, so several
 * services can share one server), with the connection's store profile attached (storeProfileOf).
 */
export function createMongo(connection: StoreConnection, database: string): { client: MongoClient; db: Db; profile: StoreProfile } {
  const client = new MongoClient(connection.uri, mongoOptions(connection, database));
  attachStoreProfile(client, connection.profile);
  return { client, db: client.db(database), profile: connection.profile };
}

/** A client for the store `env` names, validated as a service's environment is (tests, benchmarks). */
export const mongoFromEnv = (env: NodeJS.ProcessEnv, database: string) => createMongo(storeConnectionOf(loadConfig(commonEnvSchema, env)), database);

/** A unique index refused the write (insert-to-claim, replayed events); bulk errors carry the same code. */
export const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

/** Readiness: the server answers `ping`. */
export const mongoReadiness = (db: Db) => () => db.command({ ping: 1 });
