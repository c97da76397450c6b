import type { DocumentModel, EventOf, ReadDocument } from '@inventory/projection';
import { childrenToPark } from '../items/item-state.js';
import { countedLocationsOf, LOCATION_EVENTS, locationReads, type LocationEvent } from '../locations/location-counts.js';
import { bucketsOf } from '../movements/move-buckets.js';
import { moveLogId } from '../movements/move-log.js';

/** Collections whose documents carry applied-event markers (shared/markers.ts), as ReportCollections names them. */
export type GuardedName = 'locations' | 'movements' | 'moveLog' | 'items';
export type GuardedIds = Partial<Record<GuardedName, string[]>>;
/** The collections (base names) behind those names. */
export const GUARDED_COLLECTIONS: Record<GuardedName, string> = { locations: 'locations', movements: 'movements', moveLog: 'move_log', items: 'items' };

/** An applied event whose markers are still on the guarded documents it touched (ids per collection). */
export interface NotedEvent {
  aggregateId: string;
  aggregateVersion: number;
  touched: GuardedIds;
}

/** The events of one second of occurrence time (id `n:2025-01-01T13:07:42`) whose markers are still out, by event id. */
export interface SweepDoc {
  _id: string;
  events: Record<string, NotedEvent>;
}

/**
 * The note of the events that occurred in the same second as `at`: a unit of work's events mostly
 * share it, so it is written once per unit. Its size is bounded by the events of one second (the
 * command side's rate: ~500 bytes each, so a 1 MB note at 2,000 events a second) while the
 * sweeper keeps up; a rebuild, which runs no sweeper, leaves its notes for the live worker's.
 */
export const sweepNoteId = (at: number): string => `n:${new Date(at - (at % 1000)).toISOString().slice(0, 19)}`;

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

function union(before: GuardedIds | undefined, now: GuardedIds): GuardedIds {
  const ids: GuardedIds = { ...before };
  for (const [name, touched] of Object.entries(now) as [GuardedName, string[]][]) ids[name] = [...new Set([...(ids[name] ?? []), ...touched])];
  return ids;
}

/**
 * Notes of the events that marked documents, naming them, one document per second of occurrence
 * (not per event: one write per unit of work instead of one per event): the sweeper acts on an
 * event only once the checkpoint has passed it, so the note may be written alongside the documents.
 */
export const sweepNotesModel: DocumentModel<SweepDoc, LocationEvent> = {
  collection: 'sweeps',
  handles: LOCATION_EVENTS,
  // The items the location counts read: those of every guarded model.
  reads: locationReads,
  idsOf: (event, read) => (Object.keys(markedBy(event, read)).length > 0 ? [sweepNoteId(event.metadata.occurredAt)] : []),
  evolve(doc, event, id, read) {
    const { eventId, aggregateId, aggregateVersion } = event.metadata;
    // A replay may mark fewer documents than the first pass did (a child registered meanwhile is no longer parked):
    // the entry keeps naming those too, or their markers would never be swept.
    const touched = union(doc?.events[eventId]?.touched, markedBy(event, read));
    return { _id: id, events: { ...doc?.events, [eventId]: { aggregateId, aggregateVersion, touched } } };
  },

};
