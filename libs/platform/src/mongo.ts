import { MongoClient, type Db } from 'mongodb';

/**
 * The official driver, configured to work on FerretDB (local) and MongoDB 7 (containers, AWS) alike.
 * The database name comes from the service, so several services can share one server.
 */
export function createMongo(uri: string, database: string): { client: MongoClient; db: Db } {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, appName: database });
  return { client, db: client.db(database) };
}

/** A unique index refused the write (insert-to-claim, replayed events); bulk errors carry the same code. */
export const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

/** Readiness: the server answers `ping`. */
export const mongoReadiness = (db: Db) => () => db.command({ ping: 1 });
