import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '@inventory/platform';
import type { Collection } from 'mongodb';
import { IdTable, decodeIds, encodeIds } from '../packing/id-table.js';
import type { IdTableDoc, ReportCollections } from './collections.js';

interface Cached {
  epoch: string;
  table: IdTable;
}

/** Tables already read, per collection: positions never change, so only a longer table or another epoch (a new generation) is read again. */
const cache = new Map<string, Cached>();
const tableCollection = (collections: ReportCollections) => collections.packed as unknown as Collection<IdTableDoc>;
const cacheKey = (collections: ReportCollections): string => `${collections.packed.dbName}.${collections.packed.collectionName}`;

/** The id table as stored now (a small read of its length first; the ids themselves only when they changed). */
export async function readIdTable(collections: ReportCollections): Promise<IdTable> {
  return (await readStored(collections)).table;
}

async function readStored(collections: ReportCollections): Promise<Partial<Cached> & { table: IdTable }> {
  const key = cacheKey(collections);
  const head = await tableCollection(collections).findOne({ _id: 'ids' }, { projection: { epoch: 1, count: 1 } });
  if (!head) return { table: new IdTable() };
  const known = cache.get(key);
  if (known?.epoch === head.epoch && known.table.size >= head.count) return known;
  const doc = await tableCollection(collections).findOne({ _id: 'ids' });
  if (!doc) return { table: new IdTable() };
  const stored = { epoch: doc.epoch, table: new IdTable(decodeIds(doc.ids)) };
  cache.set(key, stored);
  return stored;
}

/**
 * The id table with every one of `ids` in it: appends the missing ones, conditional on the length
 * it read, so two compactors never give one position to two ids (the loser reads again).
 */
export async function idTableWith(collections: ReportCollections, ids: Iterable<string>): Promise<IdTable> {
  const wanted = [...ids];
  for (let attempt = 1; attempt <= 10; attempt++) {
    const { epoch, table } = await readStored(collections);
    const missing = table.missing(wanted);
    if (missing.length === 0) return table;
    const all = [...table.ids, ...missing];
    const stored = encodeIds(all);
    const written = epoch === undefined
      ? await tableCollection(collections).insertOne({ _id: 'ids', epoch: randomUUID(), count: all.length, ids: stored }).then(() => true, (error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error)))
      : (await tableCollection(collections).updateOne({ _id: 'ids', epoch, count: table.size }, { $set: { count: all.length, ids: stored } })).modifiedCount === 1;
    if (written) return readIdTable(collections);
  }
  throw new Error('the id table kept changing under 10 attempts to extend it');
}
