import { ProblemError, type HistoryQuery } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import type { Filter } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import { STAYS_ONLY, items } from '../items/item-doc.js';
import type { LocationTreeCache } from '../locations/location-tree.js';
import { allStaysOf } from './stay-buckets.js';
import { HISTORY_KINDS, timeline, type TimelineRow } from './timeline-projection.js';

const historyEntry = ({ eventId, kind, itemId, itemTypeId, fromLocationId, toLocationId, parentId, actorId, reason, occurredAt }: TimelineRow) => ({
  eventId, kind, itemId, itemTypeId, fromLocationId, toLocationId, parentId, actorId, reason, occurredAt: occurredAt.toISOString(),
});

/** Oldest first; `from` inclusive, `to` exclusive; the cursor is the last row's (occurredAt, id). */
async function historyPage(space: ReadModelSpace, scope: Filter<TimelineRow>, { cursor, limit, from, to, userId, itemType }: HistoryQuery) {
  const filter: Filter<TimelineRow> = { ...scope, kind: { $in: [...HISTORY_KINDS] } };
  if (from || to) filter.occurredAt = { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lt: new Date(to) } : {}) };
  if (userId) filter.actorId = userId;
  if (itemType) filter.itemTypeId = itemType;
  if (cursor) {
    const [time, id] = decodeCursor(cursor, ['number', 'string']) as [number, string];
    filter.$or = [{ occurredAt: { $gt: new Date(time) } }, { occurredAt: new Date(time), _id: { $gt: id } }];
  }
  const rows = await timeline(space).find(filter).sort({ occurredAt: 1, _id: 1 }).limit(limit + 1).toArray();
  const page = pageFrom(rows, limit, (row) => [row.occurredAt.getTime(), row._id]);
  return { items: page.rows.map(historyEntry), nextCursor: page.nextCursor };
}

export function mountHistoryRoutes(routes: ReadRoutes, trees: LocationTreeCache): void {
  readRoute<{ id: string }, HistoryQuery>(routes, 'getItemHistory', async ({ params, query, space }) => {
    const item = await items(space).findOne({ _id: params.id }, STAYS_ONLY);
    if (!item?.kind) throw new ProblemError('ITEM_NOT_FOUND', params.id);
    // By the item's row ids (an `_id` lookup) rather than by itemId, which FerretDB would scan for.
    const rowIds = (await allStaysOf(space, item)).map((stay) => stay.id);
    return rowIds.length === 0 ? { items: [], nextCursor: null } : historyPage(space, { _id: { $in: rowIds }, itemId: params.id }, query);
  });

  readRoute<{ id: string }, HistoryQuery>(routes, 'getLocationHistory', async ({ params, query, space, consistent }) => {
    if (!(await trees.tree(space, { consistent })).get(params.id)) throw new ProblemError('LOCATION_NOT_FOUND', params.id);
    return historyPage(space, { locationIds: params.id }, query);
  });

  readRoute<object, HistoryQuery>(routes, 'listMoves', async ({ query, space }) => historyPage(space, {}, query));
}
