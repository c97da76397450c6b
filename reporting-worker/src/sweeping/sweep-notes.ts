import type { DocumentModel, EventOf, ReadDocument } from '@inventory/projection';
import { childrenToPark } from '../items/item-state.js';
import { countedLocationsOf, LOCATION_EVENTS, locationReads, type LocationEvent } from '../locations/location-counts.js';
import { bucketsOf } from '../movements/move-buckets.js';
import { moveLogId } from '../movements/move-log.js';

/** Collections whose documents carry applied-event markers (shared/markers.ts), as ReportCollections names them. */
export type GuardedName = 'locations' | 'movements' | 'moveLog' | 'items';
export type GuardedIds = Partial<Record<GuardedName, string[]>>;

/** An applied event whose markers are still on the guarded documents it touched (ids per collection). */
export interface SweepDoc {
  _id: string;
  aggregateId: string;
  aggregateVersion: number;
  touched: GuardedIds;
}

/** Every document the guarded models mark for the event, so the sweeper can unmark them by id. */
function markedBy(event: EventOf<LocationEvent>, read: ReadDocument | undefined): GuardedIds {
  const ids: GuardedIds = {};
  const locations = countedLocationsOf(event, read);
  if (locations.length > 0) ids.locations = locations;
  if (event.type === 'ItemMoved') {
    ids.movements = bucketsOf(event, read);
    ids.moveLog = [moveLogId(event.metadata.occurredAt)];
    const parked = childrenToPark(read, event.data.movedChildIds);
    if (parked.length > 0) ids.items = parked;
  }
  return ids;
}

/**
 * One note per event that marked documents, naming them: the sweeper acts only once the
 * checkpoint has passed the event, so the note may be written alongside the documents.
 */
export const sweepNotesModel: DocumentModel<SweepDoc, LocationEvent> = {
  collection: 'sweeps',
  handles: LOCATION_EVENTS,
  // The items the location counts read: those of every guarded model.
  reads: locationReads,
  idsOf: (event, read) => (Object.keys(markedBy(event, read)).length > 0 ? [event.metadata.eventId] : []),
  evolve: (_doc, event, id, read) => ({ _id: id, aggregateId: event.metadata.aggregateId, aggregateVersion: event.metadata.aggregateVersion, touched: markedBy(event, read) }),
};
