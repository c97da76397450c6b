import { ProblemError, type ErrorCode, type ListTypesQuery } from '@inventory/contracts';
import type { Collection, Filter } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import { versionedView } from '../slice.js';
import { itemTypes, locationTypes, type ItemTypeDoc, type LocationTypeDoc } from './types-projection.js';

const locationTypeView = ({ _id, name, allowedItemTypeIds, capacity, ...versioned }: LocationTypeDoc) => ({ id: _id, name, allowedItemTypeIds, capacity, ...versionedView(versioned) });
const itemTypeView = ({ _id, name, attributesSchemaJson, ...versioned }: ItemTypeDoc) => ({ id: _id, name, attributesSchema: attributesSchemaJson === null ? null : (JSON.parse(attributesSchemaJson) as unknown), ...versionedView(versioned) });

/** Types are few: listed by name, then id. */
async function listByName<T extends { _id: string; name: string }>(collection: Collection<T>, { cursor, limit, name }: ListTypesQuery) {
  const filter: Filter<{ _id: string; name: string }> = name ? { name } : {};
  if (cursor) {
    const [lastName, lastId] = decodeCursor(cursor, ['string', 'string']) as [string, string];
    filter.$or = [{ name: { $gt: lastName } }, { name: lastName, _id: { $gt: lastId } }];
  }
  const rows = (await collection.find(filter as Filter<T>).sort({ name: 1, _id: 1 }).limit(limit + 1).toArray()) as T[];
  return pageFrom(rows, limit, (row) => [row.name, row._id]);
}

async function getById<T extends { _id: string }>(collection: Collection<T>, id: string, notFound: ErrorCode): Promise<T> {
  const doc = (await collection.findOne({ _id: id } as Filter<T>)) as T | null;
  if (!doc) throw new ProblemError(notFound, id);
  return doc;
}

export function mountTypeRoutes(routes: ReadRoutes): void {
  readRoute<object, ListTypesQuery>(routes, 'listLocationTypes', async ({ query, space }) => {
    const { rows, nextCursor } = await listByName(locationTypes(space), query);
    return { items: rows.map(locationTypeView), nextCursor };
  });
  readRoute<{ id: string }>(routes, 'getLocationType', async ({ params, space }) => locationTypeView(await getById(locationTypes(space), params.id, 'LOCATION_TYPE_NOT_FOUND')));
  readRoute<object, ListTypesQuery>(routes, 'listItemTypes', async ({ query, space }) => {
    const { rows, nextCursor } = await listByName(itemTypes(space), query);
    return { items: rows.map(itemTypeView), nextCursor };
  });
  readRoute<{ id: string }>(routes, 'getItemType', async ({ params, space }) => itemTypeView(await getById(itemTypes(space), params.id, 'ITEM_TYPE_NOT_FOUND')));
}
