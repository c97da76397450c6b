import { ITEM_CSV_COLUMNS, ProblemError, type ItemLocationQuery, type SearchItemsQuery } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import { sendCsv, type CsvRow } from '@inventory/platform';
import type { Filter, FindCursor } from 'mongodb';
import { decodeCursor, pageFrom } from '../http/cursor.js';
import { readRoute, type ReadRoutes } from '../http/read-route.js';
import type { LocationTreeCache } from '../locations/location-tree.js';
import { itemView } from './item-view.js';
import { WITHOUT_STAYS, items, type ItemDoc } from './item-doc.js';
import { barcodeKey, itemKeys, serialKey } from './item-keys.js';
import { whereIsNow, whereWasAt } from './where-is.js';

export function mountItemRoutes(routes: ReadRoutes, trees: LocationTreeCache): void {
  readRoute<object, SearchItemsQuery>(routes, 'listItems', async ({ query, space, req, res }) => {
    const filter = await itemFilter(space, query);
    const inOrder = filter && items(space).find(filter, WITHOUT_STAYS).sort({ _id: 1 });
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      await sendCsv(res, { columns: ITEM_CSV_COLUMNS, rows: csvRows(inOrder ? inOrder.batchSize(EXPORT_BATCH) : []) }, { 'Content-Disposition': 'attachment; filename="items.csv"' });
      return undefined;
    }
    const rows = inOrder ? await inOrder.limit(query.limit + 1).toArray() : [];
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

/**
 * The listing's filter; null when no item can match. A search by serial number or barcode reads
 * the items its keys list (item-keys.ts) by `_id`, the rest of the filter checking each still
 * carries the value; the others filter the items (on MongoDB through indexes).
 */
async function itemFilter(space: ReadModelSpace, { cursor, serial, barcode, itemType, location, kind, parentId }: SearchItemsQuery): Promise<Filter<ItemDoc> | null> {
  const filter: Filter<ItemDoc> = { retired: false };
  if (serial !== undefined) filter.serialNumber = serial;
  if (barcode !== undefined) filter.barcode = barcode;
  if (itemType !== undefined) filter.itemTypeId = itemType;
  if (location !== undefined) filter.locationId = location;
  if (kind !== undefined) filter.kind = kind;
  if (parentId !== undefined) filter.parentId = parentId;
  const afterId = cursor ? decodeCursor(cursor, ['string'])[0] as string : undefined;
  const keys = [serial !== undefined ? serialKey(serial) : undefined, barcode !== undefined ? barcodeKey(barcode) : undefined].filter((key) => key !== undefined);
  if (keys.length === 0) return afterId === undefined ? filter : { ...filter, _id: { $gt: afterId } };
  const candidates = (await listedUnder(space, keys)).filter((id) => afterId === undefined || id > afterId);
  // Exactly `_id: {$in}` (FerretDB uses its _id index only so) and never an empty list (it scans for that).
  return candidates.length > 0 ? { ...filter, _id: { $in: candidates } } : null;
}

/**
 * The ids every key lists. A key lists the few items that carried its value (values are unique
 * where given; an id whose item has moved on lingers only after a crash), far below the 10,000
 * ids FerretDB reads through its _id index.
 */
async function listedUnder(space: ReadModelSpace, keys: string[]): Promise<string[]> {
  const docs = await itemKeys(space).find({ _id: { $in: keys } }).toArray();
  if (docs.length < keys.length) return [];
  const [first, ...others] = docs.map((doc) => doc.itemIds);
  return first!.filter((id) => others.every((ids) => ids.includes(id)));
}

/** Documents fetched per round trip of an export: memory stays bounded however many items match. */
const EXPORT_BATCH = 1000;

/** The export's rows, read from the store cursor as the response drains (no whole-collection load). */
async function* csvRows(cursor: FindCursor<ItemDoc> | ItemDoc[]): AsyncGenerator<CsvRow> {
  for await (const doc of cursor) {
    const { attributes, ...item } = itemView(doc);
    yield { ...item, attributes: JSON.stringify(attributes) };
  }
}
