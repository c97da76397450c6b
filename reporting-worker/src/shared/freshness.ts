import type { DocumentModel, EventType } from '@inventory/projection';
import { EVENT_TYPES } from '@inventory/contracts';

/** The newest event applied (by occurrence time), one document: report freshness without scanning checkpoints. */
export interface FreshnessDoc {
  _id: 'newest';
  eventId: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
}

/** Moves forward only: events of other aggregates arrive in any order. */
export const freshnessModel: DocumentModel<FreshnessDoc, EventType> = {
  collection: 'freshness',
  handles: EVENT_TYPES,
  idsOf: () => ['newest'],
  evolve(doc, { metadata: { eventId, aggregateId, aggregateVersion, occurredAt } }) {
    if (doc && doc.occurredAt.getTime() >= occurredAt) return doc;
    return { _id: 'newest', eventId, aggregateId, aggregateVersion, occurredAt: new Date(occurredAt) };
  },
};
