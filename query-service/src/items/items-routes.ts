import { ITEM_CSV_COLUMNS, ProblemError, type ItemLocationQuery, type SearchItemsQuery } from '@inventory/contracts';
import { sendCsv, type CsvRow } from '@inventory/platform';
import type { Filter, FindCursor } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import type { LocationTreeCache } from '../locations/location-tree.js';
import { itemView } from './item-view.js';
import { WITHOUT_STAYS, items, type ItemDoc } from './item-doc.js';
import { whereIsNow, whereWasAt } from './where-is.js';

export function mountItemRoutes(routes: ReadRoutes, trees: LocationTreeCache): void {
  readRoute<object, SearchItemsQuery>(routes, 'listItems', async ({ query, space, req, res }) => {
    const filter = itemFilter(query);
    const inOrder = items(space).find(filter, WITHOUT_STAYS).sort({ _id: 1 });
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      await sendCsv(res, { columns: ITEM_CSV_COLUMNS, rows: csvRows(inOrder.batchSize(EXPORT_BATCH)) }, { 'Content-Disposition': 'attachment; filename="items.csv"' });
      return undefined;
    }
    const rows = await inOrder.limit(query.limit + 1).toArray();
    const page = pageFrom(rows, query.limit, (row) => [row._id]);
    return { items: page.rows.map(itemView), nextCursor: page.nextCursor };
  });

  readRoute<{ id: string }>(routes, 'getItem', async ({ params, space }) => {
    const item = await items(space).findOne({ _id: params.id, retired: false }, WITHOUT_STAYS);
    if (!item) throw new ProblemError('ITEM_NOT_FOUND', params.id);
    return itemView(item);
  });

  readRoute<{ id: string }, ItemLocationQuery>(routes, 'getItemLocation', async ({ params, query, space, consistent }) => {
    const tree = await trees.tree(space, { consistent });
    return query.at === undefined ? whereIsNow(space, tree, params.id) : whereWasAt(space, tree, params.id, new Date(query.at));
  });
}

function itemFilter({ cursor, serial, barcode, itemType, location, kind, parentId }: SearchItemsQuery): Filter<ItemDoc> {
  const filter: Filter<ItemDoc> = { retired: false };
  if (serial !== undefined) filter.serialNumber = serial;
  if (barcode !== undefined) filter.barcode = barcode;
  if (itemType !== undefined) filter.itemTypeId = itemType;
  if (location !== undefined) filter.locationId = location;
  if (kind !== undefined) filter.kind = kind;
  if (parentId !== undefined) filter.parentId = parentId;
  if (cursor) filter._id = { $gt: decodeCursor(cursor, ['string'])[0] as string };
  return filter;
}

/** Documents fetched per round trip of an export: memory stays bounded however many items match. */
const EXPORT_BATCH = 1000;

/** The export's rows, read from the store cursor as the response drains (no whole-collection load). */
async function* csvRows(cursor: FindCursor<ItemDoc>): AsyncGenerator<CsvRow> {
  for await (const doc of cursor) {
    const { attributes, ...item } = itemView(doc);
    yield { ...item, attributes: JSON.stringify(attributes) };
  }
}
