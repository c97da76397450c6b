import type { ReportMetadata } from '@inventory/contracts';
import type { Collection } from 'mongodb';
import { CHANGED_LOCATIONS, type ChangedLocationsDoc } from '../locations/changed-locations.js';
import type { ReportCollections } from './collections.js';

/** Parameters as understood, generation time, and the newest event applied. */
export async function reportMetadata(collections: ReportCollections, parameters: Record<string, unknown>): Promise<ReportMetadata> {
  const note = await (collections.packed as unknown as Collection<ChangedLocationsDoc>).findOne({ _id: CHANGED_LOCATIONS }, { projection: { newest: 1 } });
  const last = note?.newest;
  return {
    parameters,
    generatedAt: new Date().toISOString(),
    freshness: { lastEvent: last ? { eventId: last.eventId, aggregateId: last.aggregateId, aggregateVersion: last.aggregateVersion, occurredAt: last.occurredAt.toISOString() } : null },
  };
}
