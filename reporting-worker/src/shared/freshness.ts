import type { DocumentModel, EventType } from '@inventory/projection';
import { EVENT_TYPES } from '@inventory/contracts';
import { CHANGED_LOCATIONS, noChangedLocations, type ChangedLocationsDoc } from '../locations/changed-locations.js';

/**
 * Kept on the note of changed locations, which every unit of work with a move writes anyway (one
 * bookkeeping document per unit instead of two; issue 17), and which the snapshot fold clears
 * field by field, leaving this one. Moves forward only: events of other aggregates arrive in any order.
 */
export const freshnessModel: DocumentModel<ChangedLocationsDoc, EventType> = {
  collection: 'packed',
  handles: EVENT_TYPES,
  idsOf: () => [CHANGED_LOCATIONS],
  evolve(doc, { metadata: { eventId, aggregateId, aggregateVersion, occurredAt } }) {
    if (doc?.newest && doc.newest.occurredAt.getTime() >= occurredAt) return doc;
    return { ...(doc ?? noChangedLocations()), newest: { eventId, aggregateId, aggregateVersion, occurredAt: new Date(occurredAt) } };
  },
};
