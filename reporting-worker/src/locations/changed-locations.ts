import type { DocumentModel } from '@inventory/projection';
import { changedLocationsOf, LOCATION_EVENTS, locationReads, type LocationEvent } from './location-counts.js';

/** Every location as of the last compaction, one field (packing/location-snapshot.ts); `version` is new (random) on every write. */
export interface LocationSnapshotDoc {
  _id: 'locations';
  version: string;
  locations: string;
}

/** The newest event applied (by occurrence time): report freshness without scanning checkpoints (shared/freshness.ts keeps it). */
export interface NewestEvent {
  eventId: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
}

/** Locations changed since the snapshot: readers take these from their own documents. */
export interface ChangedLocationsDoc {
  _id: typeof CHANGED_LOCATIONS;
  ids: string[];
  touches: number;
  /** The version of the snapshot the ids were last cleared against: a reader that has it decoded already reads no more. */
  snapshot?: string;
  /** Report freshness (shared/freshness.ts), on this note so that a unit of work writes one document for both. */
  newest?: NewestEvent;
}

export const CHANGED_LOCATIONS = 'changed-locations';
/** The note before any change was noted. */
export const noChangedLocations = (): ChangedLocationsDoc => ({ _id: CHANGED_LOCATIONS, ids: [], touches: 0 });

/**
 * The note of locations changed since the snapshot (snapshot-fold.ts clears it). It must reach
 * the store after the locations it names (the projection writes its collection last), and a
 * replay notes them again, which is harmless and covers a crash right before the note.
 */
export const changedLocationsModel: DocumentModel<ChangedLocationsDoc, LocationEvent> = {
  collection: 'packed',
  handles: LOCATION_EVENTS,
  reads: locationReads,
  idsOf: (event, read) => (changedLocationsOf(event, read).length > 0 ? [CHANGED_LOCATIONS] : []),
  evolve(doc, event, _id, read) {
    const note = doc ?? noChangedLocations();
    return { ...note, ids: [...new Set([...note.ids, ...changedLocationsOf(event, read)])], touches: note.touches + 1 };
  },
};
