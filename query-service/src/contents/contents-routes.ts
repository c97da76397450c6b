import { ProblemError, type LocationContentsQuery } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { Filter } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import { itemView } from '../items/item-view.js';
import { items, type ItemDoc } from '../items/item-doc.js';
import type { LocationTree, LocationTreeCache } from '../locations/location-tree.js';
import { timeline, type TimelineRow } from '../timeline/timeline-projection.js';
import { contentsNow } from './contents-now.js';

type ContentsQuery = LocationContentsQuery;

interface ContentsRequest {
  locationIds: string[];
  query: ContentsQuery;
  afterId: string | undefined;
}

const entryOf = (item: ItemDoc, locationId: string, viaParentId: string | null) => ({ item: itemView(item), locationId, viaParentId });

/** A page of what is there now, from the contents index (see contents-now.ts). */
async function pageNow(space: ReadModelSpace, { locationIds, query, afterId }: ContentsRequest) {
  const rows = await contentsNow(space, { locationIds, includeChildren: query.includeChildren ?? false, itemType: query.itemType, afterId }, query.limit + 1);
  const page = pageFrom(rows, query.limit, (row) => [row._id]);
  return { items: page.rows.map((item) => entryOf(item, item.locationId!, item.parentId)), nextCursor: page.nextCursor };
}

/**
 * Rows whose stay covers `at`, in item id order; the items as they are described today. Served by the
 * timeline's { toLocationId, itemId } index: it reads the rows into these locations, never the whole history.
 */
async function contentsAt(space: ReadModelSpace, { locationIds, query, afterId }: ContentsRequest, at: Date) {
  const filter: Filter<TimelineRow> = {
    toLocationId: { $in: locationIds },
    occurredAt: { $lte: at },
    $or: [{ until: null }, { until: { $gt: at } }],
  };
  if (!query.includeChildren) filter.kind = { $nin: ['ASSIGNED', 'MOVED_WITH_PARENT'] };
  if (query.itemType) filter.itemTypeId = query.itemType;
  if (afterId) filter.itemId = { $gt: afterId };
  const rows = await timeline(space).find(filter).sort({ itemId: 1 }).limit(query.limit + 1).toArray();
  const page = pageFrom(rows, query.limit, (row) => [row.itemId]);
  const described = new Map((await items(space).find({ _id: { $in: page.rows.map((row) => row.itemId) } }).toArray()).map((item) => [item._id, item]));
  const entries = page.rows.flatMap((row) => {
    const item = described.get(row.itemId);
    const viaParentId = row.kind === 'ASSIGNED' || row.kind === 'MOVED_WITH_PARENT' ? row.parentId : null;
    return item ? [entryOf({ ...item, locationId: row.toLocationId, parentId: viaParentId }, row.toLocationId!, viaParentId)] : [];
  });
  return { items: entries, nextCursor: page.nextCursor };
}

function locationsIn(tree: LocationTree, id: string, recursive: boolean | undefined): string[] {
  if (!tree.get(id)) throw new ProblemError('LOCATION_NOT_FOUND', id);
  return recursive ? tree.subtreeIds(id) : [id];
}

export function mountContentsRoutes(routes: ReadRoutes, trees: LocationTreeCache): void {
  readRoute<{ id: string }, ContentsQuery>(routes, 'getLocationContents', async ({ params, query, space, consistent }) => {
    const request: ContentsRequest = {
      locationIds: locationsIn(await trees.tree(space, { consistent }), params.id, query.recursive),
      query,
      afterId: query.cursor ? (decodeCursor(query.cursor, ['string'])[0] as string) : undefined,
    };
    return query.at === undefined ? pageNow(space, request) : contentsAt(space, request, new Date(query.at));
  });
}
