import { MongoClient, type Db } from 'mongodb';

/**
 * The official driver, configured to work on FerretDB (local) and MongoDB 7 (containers, AWS) alike.
 * The database name comes from the service, so several services can share one server.
 */
export function createMongo(uri: string, database: string): { client: MongoClient; db: Db } {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, appName: database });
  return { client, db: client.db(database) };
}

/** Readiness: the server answers `ping`. */
export const mongoReadiness = (db: Db) => () => db.command({ ping: 1 });
