import type { InventoryEvent } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import { isDuplicateKey } from '@inventory/platform';
import { items } from '../items/item-doc.js';
import { createSecondaryIndexes, ensureCollection, type SliceProjection } from '../slice.js';
import { allStaysOf, itemStays, previousStay, sealStays, stayBuckets, type ItemStays } from './stay-buckets.js';
import { neighbours, type Stay } from './stays.js';

export const TIMELINE_KINDS = ['REGISTERED', 'MOVED', 'MOVED_WITH_PARENT', 'ASSIGNED', 'RELEASED', 'RETIRED'] as const;
/** The kinds the history API shows (registration and retirement are kept for point-in-time answers). */
export const HISTORY_KINDS = ['MOVED', 'MOVED_WITH_PARENT', 'ASSIGNED', 'RELEASED'] as const;

/** One change of where an item is (or of the parent it travels with); immutable apart from `until`. */
export interface TimelineRow {
  /** The event id; `<event id>:<child id>` for a child carried by its parent's move. */
  _id: string;
  eventId: string;
  kind: (typeof TIMELINE_KINDS)[number];
  itemId: string;
  /** null only while the item's registration has not been projected yet (it arrives on another partition). */
  itemTypeId: string | null;
  fromLocationId: string | null;
  toLocationId: string | null;
  parentId: string | null;
  actorId: string;
  reason: string | null;
  occurredAt: Date;
  /** When the item's next row happened: the item was at toLocationId during [occurredAt, until). */
  until: Date | null;
  /** from and to, for "moves into or out of a location". */
  locationIds: string[];
}

export const timeline = (space: ReadModelSpace) => space.collection<TimelineRow>('timeline');


type RowFields = Pick<TimelineRow, 'kind' | 'itemId' | 'fromLocationId' | 'toLocationId' | 'parentId' | 'reason'>;

function rowFieldsOf(event: InventoryEvent): RowFields[] {
  switch (event.type) {
    case 'ItemRegistered':
      return [{ kind: 'REGISTERED', itemId: event.data.itemId, fromLocationId: null, toLocationId: event.data.locationId, parentId: null, reason: null }];
    case 'ItemMoved': {
      const { itemId, fromLocationId, toLocationId, reason, movedChildIds } = event.data;
      return [
        { kind: 'MOVED', itemId, fromLocationId, toLocationId, parentId: null, reason },
        ...movedChildIds.map((childId) => ({ kind: 'MOVED_WITH_PARENT' as const, itemId: childId, fromLocationId, toLocationId, parentId: itemId, reason })),
      ];
    }
    case 'ChildAssigned': {
      const { childId, parentId, fromLocationId, toLocationId, reason } = event.data;
      return [{ kind: 'ASSIGNED', itemId: childId, fromLocationId, toLocationId, parentId, reason }];
    }
    case 'ChildReleased': {
      const { childId, parentId, locationId, reason } = event.data;
      return [{ kind: 'RELEASED', itemId: childId, fromLocationId: locationId, toLocationId: locationId, parentId, reason }];
    }
    case 'ItemRetired':
      return [{ kind: 'RETIRED', itemId: event.data.itemId, fromLocationId: event.data.lastLocationId, toLocationId: null, parentId: null, reason: event.data.reason }];
    default:
      return [];
  }
}

/** Sets `until` on `rowId` unless it already ends earlier (rows of one item may be projected out of order). */
async function endNoLaterThan(space: ReadModelSpace, rowId: string, until: Date): Promise<void> {
  await timeline(space).updateOne({ _id: rowId, $or: [{ until: null }, { until: { $gt: until } }] }, { $set: { until } });
}

/** The rows an event adds to the timeline (`itemTypeId` of its item when known, else null until its registration). */
export function timelineRowsOf(event: InventoryEvent, itemTypeIdOf: (itemId: string) => string | null): TimelineRow[] {
  const { eventId, actorId, occurredAt } = event.metadata;
  return rowFieldsOf(event).map((fields) => ({
    _id: fields.kind === 'MOVED_WITH_PARENT' ? `${eventId}:${fields.itemId}` : eventId,
    eventId,
    ...fields,
    itemTypeId: itemTypeIdOf(fields.itemId),
    actorId,
    occurredAt: new Date(occurredAt),
    until: null,
    locationIds: [...new Set([fields.fromLocationId, fields.toLocationId].filter((id): id is string => id !== null))],
  }));
}

export const stayOf = ({ _id, occurredAt }: TimelineRow): Stay => ({ id: _id, at: occurredAt });

/** The neighbours among all the item's stays (a row that arrives late may fall before its document's oldest). */
async function neighboursOf(space: ReadModelSpace, stays: ItemStays | null, at: Date): Promise<{ previous?: Stay; next?: Stay }> {
  const found = neighbours(stays?.rows ?? [], at);
  return stays?.sealed ? { previous: await previousStay(space, stays, at), next: found.next } : found;
}

/**
 * Inserts first, then links to the neighbours: of two rows of one item written concurrently, the
 * second $addToSet's result holds both, and `endNoLaterThan` only ever shortens, so both orders converge.
 */
async function insertRow(space: ReadModelSpace, row: TimelineRow): Promise<void> {
  try {
    await timeline(space).insertOne(row);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // replayed: the row is there, its links are re-checked below
  }
  const stays = await itemStays(space).findOneAndUpdate({ _id: row.itemId }, { $addToSet: { rows: stayOf(row) } }, { upsert: true, returnDocument: 'after' });
  const { previous, next } = await neighboursOf(space, stays, row.occurredAt);
  if (next) await endNoLaterThan(space, row._id, next.at);
  if (previous) await endNoLaterThan(space, previous.id, row.occurredAt);
  if (stays) await sealStays(space, stays);
  if (row.itemTypeId === null) {
    // Same write-then-read as the registration's back-fill below: one of the two fills it.
    const itemTypeId = (await items(space).findOne({ _id: row.itemId }, { projection: { itemTypeId: 1 } }))?.itemTypeId;
    if (itemTypeId) await timeline(space).updateOne({ _id: row._id }, { $set: { itemTypeId } });
  }
}

export const timelineProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(timeline(space), [
      { key: { itemId: 1, occurredAt: 1 } },
      { key: { locationIds: 1, occurredAt: 1 } },
      { key: { toLocationId: 1, occurredAt: 1 } },
      // What-was-here-at (contents?at=): rows into a location in item id order, the listing's order.
      { key: { toLocationId: 1, itemId: 1 } },
      { key: { occurredAt: 1, _id: 1 } },
      { key: { parentId: 1, occurredAt: 1 } },
    ]);
    await ensureCollection(itemStays(space));
    await ensureCollection(stayBuckets(space));
  },

  async apply(event: InventoryEvent, space) {
    const known = new Map<string, string | null>();
    for (const { itemId } of rowFieldsOf(event)) known.set(itemId, (await items(space).findOne({ _id: itemId }, { projection: { itemTypeId: 1 } }))?.itemTypeId ?? null);
    for (const row of timelineRowsOf(event, (itemId) => known.get(itemId) ?? null)) await insertRow(space, row);
    if (event.type === 'ItemRegistered') {
      const stays = await itemStays(space).findOne({ _id: event.data.itemId });
      const rowIds = stays ? (await allStaysOf(space, stays)).map((stay) => stay.id) : [];
      if (rowIds.length > 0) await timeline(space).updateMany({ _id: { $in: rowIds }, itemTypeId: null }, { $set: { itemTypeId: event.data.itemTypeId } });
    }
  },
};
