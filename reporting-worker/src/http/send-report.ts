import type { ReportMetadata } from '@inventory/contracts';
import { stringify, type Options as CsvOptions } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReportFormat } from './report-request.js';

export interface CsvTable {
  columns: readonly string[];
  rows: Iterable<Record<string, string | number | null | undefined>>;
}

/** First characters that make a spreadsheet run a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * How report tables are written. A text cell a spreadsheet would run as a formula is neutralised
 * as OWASP recommends: prefixed with a single quote and quoted. Only text cells: numbers (also
 * negative ones) are written as they are.
 */
export const csvOptions = (columns: readonly string[]): CsvOptions => ({
  header: true,
  columns: [...columns],
  cast: { string: (value) => (FORMULA_START.test(value) ? { value: `'${value}`, quoted: true } : value) },
});

/**
 * JSON as the contract's document; CSV as one streamed table with the metadata in headers
 * (a CSV has no place for it), so a large report never sits in memory twice.
 */
export async function sendReport(res: Response, format: ReportFormat, report: { metadata: ReportMetadata }, csv: () => CsvTable): Promise<void> {
  if (format === 'json') {
    res.json(report);
    return;
  }
  const { generatedAt, freshness } = report.metadata;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('X-Report-Generated-At', generatedAt);
  if (freshness.lastEvent) {
    res.setHeader('X-Report-Last-Event-Id', freshness.lastEvent.eventId);
    res.setHeader('X-Report-Last-Event-At', freshness.lastEvent.occurredAt);
  }
  const { columns, rows } = csv();
  await pipeline(Readable.from(rows), stringify(csvOptions(columns)), res);
}
