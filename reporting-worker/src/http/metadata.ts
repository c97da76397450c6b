import type { ReportMetadata } from '@inventory/contracts';
import type { ReportCollections } from '../aggregation/store.js';

/** Parameters as understood, generation time, and the newest event applied (checkpoints are indexed by its time). */
export async function reportMetadata(collections: ReportCollections, parameters: Record<string, unknown>): Promise<ReportMetadata> {
  const [last] = await collections.checkpoints.find({}, { sort: { occurredAt: -1 }, limit: 1 }).toArray();
  return {
    parameters,
    generatedAt: new Date().toISOString(),
    freshness: { lastEvent: last ? { eventId: last.eventId, aggregateId: last._id, aggregateVersion: last.version, occurredAt: last.occurredAt.toISOString() } : null },
  };
}
