import type { ReportMetadata } from '@inventory/contracts';
import { sendCsv, type CsvTable } from '@inventory/platform';
import type { Response } from 'express';
import type { ReportFormat } from './report-request.js';

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
  const headers: Record<string, string> = { 'X-Report-Generated-At': generatedAt };
  if (freshness.lastEvent) {
    headers['X-Report-Last-Event-Id'] = freshness.lastEvent.eventId;
    headers['X-Report-Last-Event-At'] = freshness.lastEvent.occurredAt;
  }
  await sendCsv(res, csv(), headers);
}
