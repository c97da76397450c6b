import type { Collection, Document, Filter, WithId } from 'mongodb';

/**
 * Documents by id in one `_id: {$in}` query: an index lookup on MongoDB, and on the local FerretDB
 * too since its `_id $in` push-down patch (before it, `$in` scanned the whole collection).
 */
export async function findByIds<T extends Document & { _id: string }>(collection: Collection<T>, ids: readonly string[], projection: Document): Promise<WithId<T>[]> {
  if (ids.length === 0) return [];
  return collection.find({ _id: { $in: [...new Set(ids)] } } as Filter<T>, { projection }).toArray();
}
