import { stringify, type Options as CsvOptions } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type CsvRow = Record<string, string | number | null | undefined>;

export interface CsvTable {
  columns: readonly string[];
  /** Written as they come: a large table (a store cursor) never sits in memory. */
  rows: Iterable<CsvRow> | AsyncIterable<CsvRow>;
}

/** First characters that make a spreadsheet run a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * How tables are written. A text cell a spreadsheet would run as a formula is neutralised as
 * OWASP recommends: prefixed with a single quote and quoted. Only text cells: numbers (also
 * negative ones) are written as they are.
 */
export const csvOptions = (columns: readonly string[]): CsvOptions => ({
  header: true,
  columns: [...columns],
  cast: { string: (value) => (FORMULA_START.test(value) ? { value: `'${value}`, quoted: true } : value) },
});

/** Streams one table as text/csv with a header line; `headers` are set before the first row. */
export async function sendCsv(res: Response, { columns, rows }: CsvTable, headers: Record<string, string> = {}): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  await pipeline(Readable.from(rows), stringify(csvOptions(columns)), res);
}
