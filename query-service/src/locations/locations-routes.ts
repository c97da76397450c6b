import { ProblemError, type ListLocationsQuery, type LocationTreeQuery } from '@inventory/contracts';
import type { Filter } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import { versionedView } from '../slice.js';
import type { LocationTreeCache } from './location-tree.js';
import { locations, type LocationDoc } from './locations-projection.js';

export const locationView = ({ _id, code, name, locationTypeId, parentLocationId, active, ...versioned }: LocationDoc) => ({
  id: _id, code, name, locationTypeId, parentLocationId, active, ...versionedView(versioned),
});

export function mountLocationRoutes(routes: ReadRoutes, trees: LocationTreeCache): void {
  // Before /locations/{id}, which would otherwise take "tree" for an id.
  readRoute<object, LocationTreeQuery>(routes, 'getLocationTree', async ({ query, space, consistent }) => {
    const tree = await trees.tree(space, { consistent });
    if (query.rootId && !tree.get(query.rootId)) throw new ProblemError('LOCATION_NOT_FOUND', query.rootId);
    const nodes = tree.depthFirst(query.rootId, query.maxDepth).map(({ doc, depth }) => {
      const { id, code, name, locationTypeId, parentLocationId, active } = locationView(doc);
      return { id, code, name, locationTypeId, parentLocationId, active, depth };
    });
    return { nodes };
  });

  readRoute<object, ListLocationsQuery>(routes, 'listLocations', async ({ query: { cursor, limit, code, locationType, parentLocationId, active }, space }) => {
    const filter: Filter<LocationDoc> = {};
    if (code !== undefined) filter.code = code;
    if (locationType !== undefined) filter.locationTypeId = locationType;
    if (parentLocationId !== undefined) filter.parentLocationId = parentLocationId;
    if (active !== undefined) filter.active = active;
    if (cursor) {
      const [lastCode, lastId] = decodeCursor(cursor, ['string', 'string']) as [string, string];
      filter.$or = [{ code: { $gt: lastCode } }, { code: lastCode, _id: { $gt: lastId } }];
    }
    const rows = await locations(space).find(filter).sort({ code: 1, _id: 1 }).limit(limit + 1).toArray();
    const page = pageFrom(rows, limit, (row) => [row.code, row._id]);
    return { items: page.rows.map(locationView), nextCursor: page.nextCursor };
  });

  readRoute<{ id: string }>(routes, 'getLocation', async ({ params, space }) => {
    const doc = await locations(space).findOne({ _id: params.id });
    if (!doc) throw new ProblemError('LOCATION_NOT_FOUND', params.id);
    return locationView(doc);
  });
}
