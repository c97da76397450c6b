import { ANY_TIME, ensureIndexes, type StoreIndex } from '@inventory/platform';
import type { Db } from 'mongodb';
import { COMMAND_HOLDERS } from '../http/holder-lease.js';
import { COLLECTIONS, IDEMPOTENCY_KEYS } from './documents.js';

/** Documents with unpublished events (the relay's passes and the outbox gauges): index `outbox_pending`. */
export const PENDING_OUTBOX = { 'outbox.0': { $exists: true }, updatedAt: ANY_TIME };
/** Documents the relay set aside: index `outbox_quarantined`. */
export const QUARANTINED_OUTBOX = { 'outboxQuarantine.at': { $exists: true } };
/** Locations with reservations in flight (the stale-hold sweep): index `holds_pending`. */
export const PENDING_HOLDS = { 'holds.0': { $exists: true } };

/** Every aggregate collection: the outbox's indexes hold only the few documents waiting. */
const OUTBOX_INDEXES: StoreIndex[] = [
  // Keyed by updatedAt (oldest first for the age gauge), not by the events: an index key of a whole event could pass DocumentDB's 2 KB key limit.
  { name: 'outbox_pending', key: { updatedAt: 1 }, partialFilterExpression: { 'outbox.0': { $exists: true } } },
  { name: 'outbox_quarantined', key: { 'outboxQuarantine.at': 1 }, partialFilterExpression: QUARANTINED_OUTBOX },
];

/** What the command service's queries and sweeps need besides `_id`, per collection. */
export const COMMAND_INDEXES: Readonly<Record<string, readonly StoreIndex[]>> = {
  [COLLECTIONS.locationTypes]: OUTBOX_INDEXES,
  [COLLECTIONS.itemTypes]: OUTBOX_INDEXES,
  [COLLECTIONS.locations]: [
    ...OUTBOX_INDEXES,
    { name: 'holds_pending', key: { 'holds.0': 1 }, partialFilterExpression: PENDING_HOLDS },
    // A location type's update looks for the locations of the type it would break.
    { name: 'by_location_type', key: { locationTypeId: 1 } },
  ],
  [COLLECTIONS.items]: [
    ...OUTBOX_INDEXES,
    // ...and for the items at those locations, and the children of parents there.
    { name: 'by_location', key: { locationId: 1 } },
    { name: 'by_parent', key: { parentId: 1 } },
  ],
  [IDEMPOTENCY_KEYS]: [{ name: 'expiry', key: { expiresAt: 1 }, expires: true }],
  [COMMAND_HOLDERS]: [{ name: 'expiry', key: { expiresAt: 1 }, expires: true }],
};

/** Creates the indexes at every start (idempotent); which of them exist depends on the store profile. */
export async function ensureCommandIndexes(db: Db): Promise<void> {
  await Promise.all(Object.entries(COMMAND_INDEXES).map(([name, indexes]) => ensureIndexes(db.collection(name), indexes)));
}
