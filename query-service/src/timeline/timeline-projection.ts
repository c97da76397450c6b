import type { InventoryEvent } from '@inventory/contracts';
import type { FoldDocuments, FoldModel, ReadModelSpace } from '@inventory/projection';
import type { ItemDoc } from '../items/item-doc.js';
import { createSecondaryIndexes, ensureCollection, type SliceProjection } from '../slice.js';
import { STAY_BUCKETS, bucketIdOf, bucketsAt, mayBeSealed, stayBuckets, withStay, type SealedBucket, type StayBucket } from './stay-buckets.js';
import type { Stay } from './stays.js';

export const TIMELINE_KINDS = ['REGISTERED', 'MOVED', 'MOVED_WITH_PARENT', 'ASSIGNED', 'RELEASED', 'RETIRED'] as const;
/** The kinds the history API shows (registration and retirement are kept for point-in-time answers). */
export const HISTORY_KINDS = ['MOVED', 'MOVED_WITH_PARENT', 'ASSIGNED', 'RELEASED'] as const;

/**
 * One change of where an item is (or of the parent it travels with); immutable. The item was at
 * toLocationId from occurredAt until its next row, which its stays tell (timeline/stays.ts).
 */
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
    locationIds: [...new Set([fields.fromLocationId, fields.toLocationId].filter((id): id is string => id !== null))],
  }));
}

export const stayOf = ({ _id, occurredAt }: TimelineRow): Stay => ({ id: _id, at: occurredAt });

const TIMELINE = 'timeline';
const ITEMS = 'items';

/** The rows of the item's sealed buckets that `buckets` names. */
function bucketRows(documents: FoldDocuments, itemId: string, buckets: readonly SealedBucket[]): Stay[] {
  const ids = buckets.map(({ k }) => bucketIdOf(itemId, k));
  documents.load(STAY_BUCKETS, ids);
  return ids.flatMap((id) => documents.get<StayBucket>(STAY_BUCKETS, id)?.rows ?? []);
}

/** Whether the item's stays already hold the row's (a replay): its open stays, or a sealed bucket that may. */
function stayKnown(documents: FoldDocuments, item: ItemDoc, row: TimelineRow): boolean {
  if ((item.stays ?? []).some((stay) => stay.id === row._id)) return true;
  if (!mayBeSealed(item, row.occurredAt)) return false;
  return bucketRows(documents, item._id, bucketsAt(item.sealedStays ?? [], row.occurredAt)).some((stay) => stay.id === row._id);
}

/**
 * Adds the row (unless a replay finds it there) and its stay to the item's document, which the
 * items model has written for this event already (or a document the item's registration will
 * take over). Nothing else is written: when a row ends is read from the item's stays.
 */
function addRow(documents: FoldDocuments, row: TimelineRow): void {
  documents.load(TIMELINE, [row._id]);
  if (!documents.get<TimelineRow>(TIMELINE, row._id)) documents.put(TIMELINE, row._id, row);
  const item = documents.get<ItemDoc>(ITEMS, row.itemId) ?? ({ _id: row.itemId } as ItemDoc);
  if (stayKnown(documents, item, row)) return;
  const { holder, seal } = withStay(item, stayOf(row));
  if (seal) {
    // A seal that lost a race may have left the bucket already: keep its rows too.
    documents.load(STAY_BUCKETS, [seal.id]);
    const earlier = documents.get<StayBucket>(STAY_BUCKETS, seal.id)?.rows ?? [];
    documents.put<StayBucket>(STAY_BUCKETS, seal.id, { _id: seal.id, rows: [...earlier.filter((stay) => !seal.rows.some((row) => row.id === stay.id)), ...seal.rows] });
  }
  documents.put(ITEMS, item._id, holder);
}

/** The item's type on the rows projected before its registration (they came from another partition first). */
function fillItemType(documents: FoldDocuments, itemId: string, itemTypeId: string): void {
  const item = documents.get<ItemDoc>(ITEMS, itemId);
  if (!item) return;
  const ids = [...new Set([...bucketRows(documents, itemId, item.sealedStays ?? []), ...(item.stays ?? [])].map((stay) => stay.id))];
  documents.load(TIMELINE, ids);
  for (const id of ids) {
    const row = documents.get<TimelineRow>(TIMELINE, id);
    if (row && row.itemTypeId === null) documents.put(TIMELINE, id, { ...row, itemTypeId });
  }
}

const TIMELINE_EVENTS = ['ItemRegistered', 'ItemMoved', 'ChildAssigned', 'ChildReleased', 'ItemRetired'] as const;

/**
 * The timeline as a fold: the event's rows (the item's type as the items model left it, list
 * this after it) and each item's stays (its rows in time, bucketed, in the item's document). Rows
 * of one item come from its own partition and its parent's, in any order: a row is immutable once
 * written and stays are a set, so every order ends the same.
 */
export const timelineModel: FoldModel<(typeof TIMELINE_EVENTS)[number]> = {
  handles: TIMELINE_EVENTS,
  evolve(event, documents) {
    const itemIds = rowFieldsOf(event).map(({ itemId }) => itemId);
    documents.load(ITEMS, itemIds);
    for (const row of timelineRowsOf(event, (itemId) => documents.get<ItemDoc>(ITEMS, itemId)?.itemTypeId ?? null)) addRow(documents, row);
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
    await ensureCollection(stayBuckets(space));
  },
  models: [timelineModel],
};
