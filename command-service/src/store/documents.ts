import type { Collection, Db } from 'mongodb';
import type { ChildRef, ItemState, ItemTypeState, LocationState, LocationTypeState } from '../domain/state.js';

/**
 * Every aggregate document carries its own unpublished events (`outbox`, JSON strings so `$pullAll`
 * matches them exactly on FerretDB and MongoDB alike), `version` (events so far = the last event's
 * aggregateVersion) and `revision` (optimistic lock: bumped by every change, also event-less ones).
 */
export interface AggregateDocument {
  _id: string;
  revision: number;
  version: number;
  outbox: string[];
  /** Kept as a tombstone so the version sequence and the outbox survive deletion. */
  deleted: boolean;
  /** Set by the outbox relay when these events cannot be encoded or published; unset it to have them retried. */
  outboxQuarantine?: { error: string; at: Date };
  /** Idempotency-Key attempts that committed here and whose answer is not stored yet (see command-mark.ts). */
  commandMarks?: string[];
  /** The answers of those attempts that answer from one commit, written with it (see command-mark.ts). */
  commandAnswers?: string[];
  createdAt: Date;
  updatedAt: Date;
}

type Fields<T> = Omit<T, 'id'>;

export type LocationTypeDocument = AggregateDocument & Fields<LocationTypeState> & {
  /** Raised by every announced rule change; see rules-fence.ts. Absent: 0. */
  rulesRevision?: number;
  /** Rules a change in flight will set: placements keep them too until it commits or withdraws. */
  pendingRules?: Pick<LocationTypeState, 'capacity' | 'allowedItemTypeIds'> | null;
};
export type ItemTypeDocument = AggregateDocument & Fields<ItemTypeState>;

export interface LocationDocument extends AggregateDocument, Fields<LocationState> {
  /** Reservations in flight (JSON Hold), see holds.ts. */
  holds: string[];
  /** The highest rules revision of its type it has been fenced with (rules-fence.ts). Absent: 0. */
  rulesRevision?: number;
}

export interface ItemDocument extends AggregateDocument, Fields<ItemState> {
  children: ChildRef[];
  /** Assignments in flight on a parent (JSON PendingChild): it may not move meanwhile. */
  pendingChildren: string[];
  /** Ids of the last few multi-document operations committed here, so a sweep can tell done from abandoned. */
  recentOps: string[];
  /**
   * Ops committed here whose hold is not settled yet (settle drops them). Unlike recentOps this is
   * never trimmed, so the stale-hold sweep can tell a committed move from an abandoned one however
   * many later operations the item had.
   */
  heldOps?: string[];
}

export interface ClaimDocument {
  _id: string;
  ownerId: string;
  /** When a lock (see tree-lock.ts) was taken, so one left by a dead request can be taken over. */
  at?: number;
}

export const COLLECTIONS = { locationTypes: 'locationTypes', itemTypes: 'itemTypes', locations: 'locations', items: 'items' } as const;
export type AggregateCollectionName = keyof typeof COLLECTIONS;
/** Idempotency-Key records (http/idempotency.ts). */
export const IDEMPOTENCY_KEYS = 'idempotencyKeys';

export interface WriteModel {
  locationTypes: Collection<LocationTypeDocument>;
  itemTypes: Collection<ItemTypeDocument>;
  locations: Collection<LocationDocument>;
  items: Collection<ItemDocument>;
  claims: Collection<ClaimDocument>;
}

/** The document type of an aggregate family's collection. */
export type DocumentOf<F extends AggregateCollectionName> = {
  locationTypes: LocationTypeDocument;
  itemTypes: ItemTypeDocument;
  locations: LocationDocument;
  items: ItemDocument;
}[F];

export function writeModelOf(db: Db): WriteModel {
  return {
    locationTypes: db.collection(COLLECTIONS.locationTypes),
    itemTypes: db.collection(COLLECTIONS.itemTypes),
    locations: db.collection(COLLECTIONS.locations),
    items: db.collection(COLLECTIONS.items),
    claims: db.collection('claims'),
  };
}
