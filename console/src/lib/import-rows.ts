import type { components } from '../api/schema';

export type CreateItem = components['schemas']['CreateItemRequest'];

/** The fields an import fills, and the CSV header names matched to each without asking. */
export const IMPORT_FIELDS = [
  { field: 'name', label: 'Name', required: true, headers: ['name', 'item name', 'description'] },
  { field: 'itemType', label: 'Item type (name or id)', required: true, headers: ['item type', 'itemtype', 'type', 'itemtypeid'] },
  { field: 'location', label: 'Location code', required: true, headers: ['location', 'location code', 'locationcode', 'bin'] },
  { field: 'kind', label: 'Kind (PARENT or CHILD)', required: false, headers: ['kind'] },
  { field: 'serialNumber', label: 'Serial number', required: false, headers: ['serial', 'serial number', 'serialnumber', 'sn'] },
  { field: 'barcode', label: 'Barcode', required: false, headers: ['barcode', 'ean', 'upc'] },
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number]['field'];
export type ColumnMapping = Partial<Record<ImportField, string>>;

/** Columns whose header names a field, for a mapping the user then adjusts. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const normal = (text: string) => text.trim().toLowerCase().replace(/[_-]+/g, ' ');
  const mapping: ColumnMapping = {};
  for (const { field, headers: names } of IMPORT_FIELDS) {
    const column = headers.find((header) => (names as readonly string[]).includes(normal(header)));
    if (column !== undefined) mapping[field] = column;
  }
  return mapping;
}

export interface Lookups {
  /** Item type id by lower-cased name and by id. */
  itemTypeIds: ReadonlyMap<string, string>;
  /** Location id by code (codes the file names, looked up beforehand). */
  locationIds: ReadonlyMap<string, string>;
  defaultKind: 'PARENT' | 'CHILD';
}

/** One CSV row checked: the request it makes, or what is wrong with it. `line` is the row's line in the file. */
export type CheckedRow = { line: number; request: CreateItem; errors: [] } | { line: number; request: undefined; errors: string[] };

const MAX_TEXT = { name: 200, serialNumber: 128, barcode: 128 } as const;

export function checkRow(row: Record<string, string | undefined>, index: number, mapping: ColumnMapping, lookups: Lookups): CheckedRow {
  const line = index + 2; // the header is line 1
  const value = (field: ImportField) => (mapping[field] === undefined ? '' : (row[mapping[field]!] ?? '').trim());
  const errors: string[] = [];
  const name = value('name');
  if (!name) errors.push('name is empty');
  const typeText = value('itemType');
  const itemTypeId = lookups.itemTypeIds.get(typeText.toLowerCase());
  if (!typeText) errors.push('item type is empty');
  else if (!itemTypeId) errors.push(`no item type "${typeText}"`);
  const code = value('location');
  const locationId = lookups.locationIds.get(code);
  if (!code) errors.push('location code is empty');
  else if (!locationId) errors.push(`no location with code "${code}"`);
  const kindText = value('kind').toUpperCase() || lookups.defaultKind;
  if (kindText !== 'PARENT' && kindText !== 'CHILD') errors.push(`kind "${value('kind')}" is neither PARENT nor CHILD`);
  for (const field of ['name', 'serialNumber', 'barcode'] as const) {
    if (value(field).length > MAX_TEXT[field]) errors.push(`${field} is longer than ${MAX_TEXT[field]} characters`);
  }
  if (errors.length > 0) return { line, request: undefined, errors };
  const serialNumber = value('serialNumber');
  const barcode = value('barcode');
  return {
    line,
    errors: [],
    request: {
      name, itemTypeId: itemTypeId!, locationId: locationId!, kind: kindText as 'PARENT' | 'CHILD',
      serialNumber: serialNumber || null, barcode: barcode || null,
    },
  };
}

/** The distinct location codes a file names (to look each up once). */
export const locationCodes = (rows: readonly Record<string, string | undefined>[], mapping: ColumnMapping): string[] =>
  mapping.location === undefined ? [] : [...new Set(rows.map((row) => (row[mapping.location!] ?? '').trim()).filter(Boolean))];
