import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ITEM_CSV_COLUMNS, type BulkRegisterItemsResult, type Item, type ItemPage, type Tokens } from '@inventory/contracts';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import { parse } from 'csv-parse/sync';
import { ContractClient } from './contract-client.js';
import { buildWarehouse, waitForReadSide, type Warehouse } from './warehouse.js';

/** More than a default page (50): the export is every matching item, not one page. */
const EXPORTED = 120;

/** What the export writes for an item: its fields as text, null as an empty cell, a formula-like text cell neutralised. */
const csvCellsOf = (item: Item): Record<string, string> => Object.fromEntries(ITEM_CSV_COLUMNS.map((column) => {
  const value = item[column];
  const text = column === 'attributes' ? JSON.stringify(value) : value === null ? '' : String(value);
  return [column, /^[=+\-@\t\r]/.test(text) ? `'${text}` : text];
}));

describe('items export: GET /items as CSV through the gateway (whole stack)', function () {
  let baseUrl: string;
  let client: ContractClient;
  let accessToken: string;
  let warehouse: Warehouse;
  let consistencyToken: string;

  before(async function () {
    this.timeout(600_000);
    baseUrl = (await useStack()).urls.gateway!;
    client = new ContractClient(baseUrl);
    const { username, password } = localAdminCredentials();
    await client.api.login(username, password);
    accessToken = (await client.ok<Tokens>('POST', '/auth/login', { username, password })).accessToken;
    const tag = randomUUID().slice(0, 8).toUpperCase();
    warehouse = await buildWarehouse(client, tag, 2);
    // Cells a CSV must quote (comma, quote, line break), a formula-like name, nulls and attributes, all in the exported bin.
    const items = Array.from({ length: EXPORTED }, (_, row) => ({
      itemTypeId: warehouse.laptopTypeId, kind: 'CHILD', locationId: warehouse.binIds[0],
      name: row === 0 ? `=HYPERLINK("x") ${tag}` : row % 3 === 0 ? `Laptop, "${row}" spare` : `Laptop ${row}`,
      serialNumber: row % 2 === 0 ? `SN-${tag}-${row}` : null,
      barcode: `EXP-${tag}-${row}`,
      attributes: row % 4 === 0 ? { colour: 'grey, dark', note: `"${row}"\nline two` } : {},
    }));
    // An item elsewhere: the location filter leaves it out.
    items.push({ ...items[1]!, locationId: warehouse.binIds[1], barcode: `EXP-${tag}-elsewhere` });
    const imported = await client.ok<BulkRegisterItemsResult>('POST', '/items/bulk', { items });
    assert.deepEqual(new Set(imported.results.map((result) => result.outcome)), new Set(['REGISTERED']));
    consistencyToken = imported.consistencyToken;
    await waitForReadSide(client, `/items?location=${warehouse.binIds[0]}`, consistencyToken);
  });

  /** Every page of the JSON list (from `cursor` on, when given). */
  async function listed(query: string, from: string | null = null): Promise<Item[]> {
    const all: Item[] = [];
    let cursor = from;
    do {
      const page: ItemPage = await client.ok<ItemPage>('GET', `/items?${query}&limit=50${cursor ? `&cursor=${cursor}` : ''}`, undefined, { 'Consistency-Token': consistencyToken });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  async function exported(query: string): Promise<{ response: Response; rows: Record<string, string>[] }> {
    const response = await fetch(`${baseUrl}/api/v1/items?${query}`, { headers: { accept: 'text/csv', authorization: `Bearer ${accessToken}`, 'consistency-token': consistencyToken } });
    const text = await response.text();
    assert.equal(response.status, 200, text.slice(0, 500));
    const header = text.slice(0, text.indexOf('\n'));
    assert.equal(header, ITEM_CSV_COLUMNS.join(','), 'one header line naming the columns');
    return { response, rows: parse(text, { columns: true }) as Record<string, string>[] };
  }

  it(`parses back to the JSON list: all ${EXPORTED} items the filter matches, in id order, past one page`, async function () {
    const { response, rows } = await exported(`location=${warehouse.binIds[0]}`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="items\.csv"/);
    const expected = await listed(`location=${warehouse.binIds[0]}`);
    assert.equal(expected.length, EXPORTED);
    assert.deepEqual(rows, expected.map(csvCellsOf));
    assert.ok(rows.some((row) => row.name?.startsWith(`'=HYPERLINK`)), 'the formula-like name is neutralised');
  });

  it('applies the other filters and the cursor like the list does', async function () {
    const first = await client.ok<ItemPage>('GET', `/items?location=${warehouse.binIds[0]}&limit=50`, undefined, { 'Consistency-Token': consistencyToken });
    const rest = await listed(`location=${warehouse.binIds[0]}`, first.nextCursor);
    assert.equal(rest.length, EXPORTED - 50);
    assert.deepEqual((await exported(`location=${warehouse.binIds[0]}&cursor=${first.nextCursor}`)).rows, rest.map(csvCellsOf));
    const byBarcode = await listed(`barcode=${encodeURIComponent(first.items[0]!.barcode!)}`);
    assert.deepEqual((await exported(`barcode=${encodeURIComponent(first.items[0]!.barcode!)}`)).rows, byBarcode.map(csvCellsOf));
    assert.equal(byBarcode.length, 1);
  });
});
