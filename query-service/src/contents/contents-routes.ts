import { ProblemError, locationContentsQuerySchema, timestampSchema } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { Filter } from 'mongodb';
import { z } from 'zod';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import { itemView } from '../items/item-view.js';
import { items, type ItemDoc } from '../items/items-projection.js';
import type { LocationTree, LocationTreeCache } from '../locations/location-tree.js';
import { timeline, type TimelineRow } from '../timeline/timeline-projection.js';
import { contents } from './contents-index.js';

/** The contract's query plus `at` (point in time), which this service answers from the timeline. */
const contentsQuerySchema = locationContentsQuerySchema.extend({ at: timestampSchema.optional() }).strict();
type ContentsQuery = z.infer<typeof contentsQuerySchema>;

interface ContentsRequest {
  locationIds: string[];
  query: ContentsQuery;
  afterId: string | undefined;
}

const entryOf = (item: ItemDoc, locationId: string, viaParentId: string | null) => ({ item: itemView(item), locationId, viaParentId });

interface Candidate {
  itemId: string;
  locationId: string;
  parentId: string | null;
}

/** The listed entries of `locationIds` that pass the query's filters, in item id order. */
async function candidatesIn(space: ReadModelSpace, { locationIds, query, afterId }: ContentsRequest): Promise<Candidate[]> {
  const docs = locationIds.length === 1
    ? [await contents(space).findOne({ _id: locationIds[0]! })].filter((doc) => doc !== null)
    : await contents(space).find({ _id: { $in: locationIds } }).toArray();
  return docs
    .flatMap((doc) => Object.entries(doc.items).map(([itemId, { t, p }]) => ({ itemId, locationId: doc._id, parentId: p, itemTypeId: t })))
    .filter(({ itemId, parentId, itemTypeId }) => (query.includeChildren || parentId === null) && (!query.itemType || itemTypeId === query.itemType) && (!afterId || itemId > afterId))
    .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

/**
 * From the contents index, then the page's items by `_id`: only those whose own document still
 * places them where the entry says count (an entry can be stale), reading further until the page is full.
 */
async function contentsNow(space: ReadModelSpace, request: ContentsRequest) {
  const candidates = await candidatesIn(space, request);
  const wanted = request.query.limit + 1;
  const rows: ItemDoc[] = [];
  for (let next = 0; rows.length < wanted && next < candidates.length; ) {
    const batch = candidates.slice(next, next + wanted - rows.length);
    next += batch.length;
    const found = new Map((await items(space).find({ _id: { $in: batch.map((c) => c.itemId) } }).toArray()).map((item) => [item._id, item]));
    for (const { itemId, locationId, parentId } of batch) {
      const item = found.get(itemId);
      if (item && !item.retired && item.locationId === locationId && item.parentId === parentId) rows.push(item);
    }
  }
  const page = pageFrom(rows, request.query.limit, (row) => [row._id]);
  return { items: page.rows.map((item) => entryOf(item, item.locationId!, item.parentId)), nextCursor: page.nextCursor };
}

/** Rows whose stay covers `at`; the items as they are described today. */
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
  readRoute<{ id: string }, ContentsQuery>(routes, 'getLocationContents', async ({ params, query, space }) => {
    const request: ContentsRequest = {
      locationIds: locationsIn(await trees.tree(space), params.id, query.recursive),
      query,
      afterId: query.cursor ? (decodeCursor(query.cursor, ['string'])[0] as string) : undefined,
    };
    return query.at === undefined ? contentsNow(space, request) : contentsAt(space, request, new Date(query.at));
  }, contentsQuerySchema);
}
