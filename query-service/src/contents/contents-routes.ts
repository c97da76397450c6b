import { ProblemError, type LocationContentsQuery } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { Filter, FindCursor } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import { itemView } from '../items/item-view.js';
import { items, type ItemDoc } from '../items/item-doc.js';
import type { LocationTree, LocationTreeCache } from '../locations/location-tree.js';
import { stayOfItemAt } from '../timeline/stay-buckets.js';
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

/** An item's candidate rows, one run of the rows sorted by item id. */
async function* itemRuns(cursor: FindCursor<TimelineRow>): AsyncGenerator<TimelineRow[]> {
  let run: TimelineRow[] = [];
  for await (const row of cursor) {
    if (run.length > 0 && run[0]!.itemId !== row.itemId) {
      yield run;
      run = [];
    }
    run.push(row);
  }
  if (run.length > 0) yield run;
}

interface InEffect {
  row: TimelineRow;
  item: ItemDoc;
}

/** Of each item's candidate rows, the one its stays say was in effect at `at`, if any (registered items only). */
async function inEffectAt(space: ReadModelSpace, runs: TimelineRow[][], at: Date): Promise<InEffect[]> {
  const described = new Map((await items(space).find({ _id: { $in: runs.map((run) => run[0]!.itemId) } }).toArray()).map((item) => [item._id, item]));
  const found = await Promise.all(runs.map(async (run) => {
    const item = described.get(run[0]!.itemId);
    if (!item?.kind) return undefined;
    const stay = await stayOfItemAt(space, item, at);
    const row = run.find((candidate) => candidate._id === stay?.id);
    return row && { row, item };
  }));
  return found.filter((entry) => entry !== undefined);
}

/**
 * The items whose row in effect at `at` took them into these locations, in item id order; the items
 * as they are described today. Candidates are the rows into these locations up to `at` (the
 * timeline's { toLocationId, itemId } index, never the whole history); each item's stays say which
 * of its rows was in effect then, so a row is never rewritten when the item moves on.
 */
async function contentsAt(space: ReadModelSpace, { locationIds, query, afterId }: ContentsRequest, at: Date) {
  const filter: Filter<TimelineRow> = { toLocationId: { $in: locationIds }, occurredAt: { $lte: at } };
  if (!query.includeChildren) filter.kind = { $nin: ['ASSIGNED', 'MOVED_WITH_PARENT'] };
  if (query.itemType) filter.itemTypeId = query.itemType;
  if (afterId) filter.itemId = { $gt: afterId };
  const wanted = query.limit + 1;
  const kept: InEffect[] = [];
  const cursor = timeline(space).find(filter).sort({ itemId: 1 });
  try {
    let runs: TimelineRow[][] = [];
    for await (const run of itemRuns(cursor)) {
      runs.push(run);
      if (runs.length < wanted - kept.length) continue;
      kept.push(...await inEffectAt(space, runs, at));
      runs = [];
      if (kept.length >= wanted) break;
    }
    if (runs.length > 0) kept.push(...await inEffectAt(space, runs, at));
  } finally {
    await cursor.close();
  }
  const page = pageFrom(kept.slice(0, wanted), query.limit, ({ row }) => [row.itemId]);
  return {
    items: page.rows.map(({ row, item }) => {
      const viaParentId = row.kind === 'ASSIGNED' || row.kind === 'MOVED_WITH_PARENT' ? row.parentId : null;
      return entryOf({ ...item, locationId: row.toLocationId, parentId: viaParentId }, row.toLocationId!, viaParentId);
    }),
    nextCursor: page.nextCursor,
  };
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
