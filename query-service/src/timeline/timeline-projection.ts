import type { InventoryEvent } from '@inventory/contracts';
import type { FoldDocuments, FoldModel, ReadModelSpace } from '@inventory/projection';
import type { ItemDoc } from '../items/item-doc.js';
import { createSecondaryIndexes, ensureCollection, type SliceProjection } from '../slice.js';
import { bucketIdOf, bucketsAt, itemStays, stayBuckets, staysToSeal, type ItemStays, type SealedBucket, type StayBucket } from './stay-buckets.js';
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

const TIMELINE = 'timeline';
const STAYS = 'item_stays';
const BUCKETS = 'item_stay_buckets';

/** `row` ending no later than `until` (rows of one item may be folded out of order: an end only ever comes earlier). */
const endedBy = (row: TimelineRow, until: Date): TimelineRow => (row.until === null || row.until > until ? { ...row, until } : row);

/** The rows of the item's sealed buckets that `buckets` names. */
function bucketRows(documents: FoldDocuments, itemId: string, buckets: readonly SealedBucket[]): Stay[] {
  const ids = buckets.map(({ k }) => bucketIdOf(itemId, k));
  documents.load(BUCKETS, ids);
  return ids.flatMap((id) => documents.get<StayBucket>(BUCKETS, id)?.rows ?? []);
}

/** The neighbours among all the item's stays (a row that arrives late may fall before its document's oldest, so the previous one may be sealed). */
function neighboursOf(documents: FoldDocuments, stays: ItemStays, at: Date): { previous?: Stay; next?: Stay } {
  const found = neighbours(stays.rows, at);
  if (!stays.sealed) return found;
  const older = bucketRows(documents, stays._id, bucketsAt(stays.sealed, at, found.previous?.at));
  return { previous: neighbours([...older, ...(found.previous ? [found.previous] : [])], at).previous, next: found.next };
}

/** Seals the oldest half of the item's stays into its next bucket once it holds more than OPEN_STAYS. */
function sealed(documents: FoldDocuments, stays: ItemStays): ItemStays {
  const oldest = staysToSeal(stays.rows);
  if (oldest.length === 0) return stays;
  const k = stays.sealed?.length ?? 0;
  const id = bucketIdOf(stays._id, k);
  documents.load(BUCKETS, [id]);
  const bucket = documents.get<StayBucket>(BUCKETS, id);
  documents.put<StayBucket>(BUCKETS, id, { _id: id, rows: [...(bucket?.rows ?? []), ...oldest.filter((stay) => !bucket?.rows.some((row) => row.id === stay.id))] });
  const moved = new Set(oldest.map((stay) => stay.id));
  return { ...stays, rows: stays.rows.filter((stay) => !moved.has(stay.id)), sealed: [...(stays.sealed ?? []), { k, from: oldest[0]!.at, to: oldest.at(-1)!.at }] };
}

/** Adds the row (unless a replay finds it there) and links it to its item's neighbouring rows through `until`. */
function addRow(documents: FoldDocuments, row: TimelineRow): void {
  documents.load(TIMELINE, [row._id]);
  documents.load(STAYS, [row.itemId]);
  const before = documents.get<ItemStays>(STAYS, row.itemId);
  const stored = documents.get<TimelineRow>(TIMELINE, row._id);
  // A replayed row is there already, and so is its stay (both came in the same write-back).
  const stays = stored && before ? before : { _id: row.itemId, ...before, rows: [...(before?.rows ?? []), stayOf(row)] };
  const { previous, next } = neighboursOf(documents, stays, row.occurredAt);
  if (previous) {
    documents.load(TIMELINE, [previous.id]);
    const previousRow = documents.get<TimelineRow>(TIMELINE, previous.id);
    if (previousRow) documents.put(TIMELINE, previous.id, endedBy(previousRow, row.occurredAt));
  }
  const current = stored ?? row;
  documents.put(TIMELINE, row._id, next ? endedBy(current, next.at) : current);
  documents.put(STAYS, row.itemId, sealed(documents, stays));
}

/** Every stay of the item: its own document's and every sealed bucket's. */
function everyStay(documents: FoldDocuments, stays: ItemStays): Stay[] {
  return [...new Map([...bucketRows(documents, stays._id, stays.sealed ?? []), ...stays.rows].map((stay) => [stay.id, stay])).values()];
}

/** The item's type on the rows projected before its registration (they came from another partition first). */
function fillItemType(documents: FoldDocuments, itemId: string, itemTypeId: string): void {
  const stays = documents.get<ItemStays>(STAYS, itemId);
  const ids = stays ? everyStay(documents, stays).map((stay) => stay.id) : [];
  documents.load(TIMELINE, ids);
  for (const id of ids) {
    const row = documents.get<TimelineRow>(TIMELINE, id);
    if (row && row.itemTypeId === null) documents.put(TIMELINE, id, { ...row, itemTypeId });
  }
}

const TIMELINE_EVENTS = ['ItemRegistered', 'ItemMoved', 'ChildAssigned', 'ChildReleased', 'ItemRetired'] as const;

/**
 * The timeline as a fold: the event's rows (the item's type as the items model left it, list
 * this after it), each item's stays (its rows in time, bucketed), and `until` on the rows either
 * side of a new one. Rows of one item come from its own partition and its parent's, in any order:
 * a row only ever shortens its neighbours, so every order ends the same.
 */
export const timelineModel: FoldModel<(typeof TIMELINE_EVENTS)[number]> = {
  handles: TIMELINE_EVENTS,
  evolve(event, documents) {
    const itemIds = rowFieldsOf(event).map(({ itemId }) => itemId);
    documents.load('items', itemIds);
    documents.load(STAYS, itemIds);
    for (const row of timelineRowsOf(event, (itemId) => documents.get<ItemDoc>('items', itemId)?.itemTypeId ?? null)) addRow(documents, row);
    if (event.type === 'ItemRegistered') fillItemType(documents, event.data.itemId, event.data.itemTypeId);
  },
};

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
  models: [timelineModel],
};
