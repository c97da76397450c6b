import type { ReportMetadata } from '@inventory/contracts';
import type { ReportCollections } from './collections.js';

/** Parameters as understood, generation time, and the newest event applied. */
export async function reportMetadata(collections: ReportCollections, parameters: Record<string, unknown>): Promise<ReportMetadata> {
  const last = await collections.freshness.findOne({ _id: 'newest' });
  return {
    parameters,
    generatedAt: new Date().toISOString(),
    freshness: { lastEvent: last ? { eventId: last.eventId, aggregateId: last.aggregateId, aggregateVersion: last.aggregateVersion, occurredAt: last.occurredAt.toISOString() } : null },
  };
}
