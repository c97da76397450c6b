import { randomUUID } from 'node:crypto';
import type { ItemMoved, ItemRegistered } from '@inventory/contracts';
import { CHECKPOINT_FIELD, hostedCheckpointOf, type HostedCheckpoint } from '@inventory/projection';
import type { ContentsEntry } from '../contents/contents-index.js';
import { registeredItem, type ItemDoc } from '../items/item-doc.js';
import { keysOf, withItem, type ItemKeysDoc } from '../items/item-keys.js';
import { withStay, type StayBucket } from '../timeline/stay-buckets.js';
import { stayOf, timelineRowsOf, type TimelineRow } from '../timeline/timeline-projection.js';

export interface RegistrationPlan {
  count: number;
  /** Filled one after the other, `perLocation` items each, round the list again if needed. */
  locationIds: readonly string[];
  perLocation: number;
  itemTypeId: string;
  actorId: string;
  startAt?: number;
}

/**
 * Registration events as the command service would publish them (1 ms apart), location by
 * location; every fourth item is a (free) child, the rest parents. Each carries a serial number
 * and a barcode of its own (what scanners and ERP integrations search by).
 */
export function* registrations({ count, locationIds, perLocation, itemTypeId, actorId, startAt = Date.UTC(2025, 0, 1) }: RegistrationPlan): Generator<ItemRegistered> {
  for (let i = 0; i < count; i++) {
    const itemId = randomUUID();
    const kind = i % 4 === 3 ? 'CHILD' : 'PARENT';
    yield {
      type: 'ItemRegistered',
      metadata: { eventId: randomUUID(), eventType: 'ItemRegistered', aggregateId: itemId, aggregateVersion: 1, occurredAt: startAt + i, actorId, correlationId: randomUUID(), causationId: null },
      data: { itemId, itemTypeId, kind, name: `${kind} ${i}`, serialNumber: `SN-${itemId}`, barcode: `BC-${itemId}`, attributes: { index: String(i) }, locationId: locationIds[Math.floor(i / perLocation) % locationIds.length]! },
    };
  }
}

/** A seeded item's events: its registration, then its moves in time order. */
export interface ItemHistory {
  registration: ItemRegistered;
  moves: ItemMoved[];
}

export interface HistoryPlan extends RegistrationPlan {
  /** Moves in all, spread evenly over the items (the first `moves % count` items get one more). */
  moves: number;
  /** The moves happen one after another (round by round over the items) from `movesFrom` to `movesTo`. */
  movesFrom?: number;
  movesTo?: number;
}

/** An item keeps its newest OPEN_STAYS stays in its own document; the seeder writes no sealed buckets. */
export const MAX_SEEDED_MOVES_PER_ITEM = 199;

/**
 * Registrations as `registrations` yields them, each with its share of the moves as the command
 * service would publish them: every move to another of the plan's locations, versions 2, 3, …
 */
export function* histories({ moves, movesFrom = Date.UTC(2025, 1, 1), movesTo = Date.UTC(2026, 0, 1), ...plan }: HistoryPlan): Generator<ItemHistory> {
  const base = Math.floor(moves / plan.count);
  if (base + (moves % plan.count === 0 ? 0 : 1) > MAX_SEEDED_MOVES_PER_ITEM) throw new Error(`at most ${MAX_SEEDED_MOVES_PER_ITEM} moves per item can be seeded`);
  const step = (movesTo - movesFrom) / Math.max(1, moves);
  const { locationIds, actorId } = plan;
  let i = 0;
  for (const registration of registrations(plan)) {
    const { itemId } = registration.data;
    let at = registration.data.locationId;
    const own = base + (i < moves % plan.count ? 1 : 0);
    const itemMoves: ItemMoved[] = [];
    for (let round = 0; round < own; round++) {
      const to = locationIds[(locationIds.indexOf(at) + 1 + Math.floor(Math.random() * (locationIds.length - 1))) % locationIds.length]!;
      itemMoves.push({
        type: 'ItemMoved',
        metadata: { eventId: randomUUID(), eventType: 'ItemMoved', aggregateId: itemId, aggregateVersion: round + 2, occurredAt: Math.floor(movesFrom + (round * plan.count + i) * step), actorId, correlationId: randomUUID(), causationId: null },
        data: { itemId, fromLocationId: at, toLocationId: to, reason: 'seeded', movedChildIds: [] },
      });
      at = to;
    }
    i += 1;
    yield { registration, moves: itemMoves };
  }
}

export interface RegistrationDocs {
  /** With its checkpoint, where the projection keeps it (see queryProjection.checkpointHost). */
  item: ItemDoc & { [CHECKPOINT_FIELD]: HostedCheckpoint };
  timelineRows: TimelineRow[];
  /** The item's sealed stays (an item with more rows than its document keeps). */
  stayBuckets: StayBucket[];
  entry: { locationId: string; itemId: string; entry: ContentsEntry };
  /** The item keys listing it (its serial number and barcode). */
  keys: ItemKeysDoc[];
}

/**
 * What the query projection writes for an item's registration and moves, built by the projection's
 * own functions: every move a timeline row and a stay of the item (sealed as the fold would), the
 * item where the last move left it (carrying its checkpoint), one contents entry for its last
 * placement, a key document per identifier it carries.
 */
export function historyDocs({ registration, moves }: ItemHistory): RegistrationDocs {
  const placement = 1 + moves.length; // the registration is an item's first placement, each move one more
  const last = moves.at(-1) ?? registration;
  const { aggregateVersion, occurredAt } = last.metadata;
  const locationId = moves.at(-1)?.data.toLocationId ?? registration.data.locationId;
  const placed: ItemDoc = { ...registeredItem(registration), locationId, version: aggregateVersion, updatedAt: new Date(occurredAt), placement };
  const timelineRows = [registration, ...moves].flatMap((event) => timelineRowsOf(event, () => placed.itemTypeId));
  const stayBuckets: StayBucket[] = [];
  const item = timelineRows.reduce((holder, row) => {
    const { holder: next, seal } = withStay(holder, stayOf(row));
    if (seal) stayBuckets.push({ _id: seal.id, rows: seal.rows });
    return next;
  }, placed);
  return {
    item: { ...item, [CHECKPOINT_FIELD]: hostedCheckpointOf(last.metadata) },
    timelineRows,
    stayBuckets,
    entry: { locationId, itemId: item._id, entry: { s: placement, t: item.itemTypeId, p: null } },
    keys: keysOf(item).map((key) => withItem(null, key, item._id, true)!),
  };
}

/** What the query projection writes for one registration. */
export const registrationDocs = (event: ItemRegistered): RegistrationDocs => historyDocs({ registration: event, moves: [] });
