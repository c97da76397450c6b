import type { DocumentModel, EventOf, ReadDocument } from '@inventory/projection';
import { itemOf, itemRef, typeOf } from '../items/item-state.js';
import type { MovementCell } from '../packing/packed-cell.js';
import { counted, plus, type Guarded } from '../shared/markers.js';
import { encodeMove, moveLogId, type LoggedMove } from './move-log.js';
import { bucketIdsAt, typedBucketId } from './time-buckets.js';

/**
 * A time bucket (ids from time-buckets.ts): `d:2025-01-01` counts every item type, and
 * `d:2025-01-01|<itemTypeId>` one type, so neither report reads the other's locations.
 */
export interface MovementBucketDoc extends Guarded, MovementCell {
  _id: string;
  /** The compacted counts (packing/packed-cell.ts, as `packedText`); the fields above hold only what came after. */
  packed?: string;
}

/** The moves of one UTC minute (id `m:2025-01-01T13:07`), encoded by move-log.ts: the sub-ten-minute edges of a range. */
export interface MoveLogDoc extends Guarded {
  _id: string;
  moves?: string[];
  /** The compacted moves (move-log.ts `encodeMoves`, as `packedText`); `moves` holds only what came after. */
  packed?: string;
}

type Moved = EventOf<'ItemMoved'>;
type Read = ReadDocument | undefined;

/** What the movements report needs of a move: dwell is kept per source location (reports roll it up to location types, which live on another topic). */
export function loggedMove(event: Moved, read: Read): LoggedMove {
  const { itemId, fromLocationId, toLocationId } = event.data;
  const at = event.metadata.occurredAt;
  return { at, itemTypeId: typeOf(read, event, itemId), fromLocationId, toLocationId, dwellMs: at - (itemOf(read, itemId)?.arrivedAt ?? at) };
}

/** Every bucket a move is counted in: each granularity's all-types bucket and its item type's. */
export const bucketsOf = (event: Moved, read: Read): string[] =>
  bucketIdsAt(event.metadata.occurredAt).flatMap((id) => [id, typedBucketId(id, typeOf(read, event, event.data.itemId))]);

const reads = (event: Moved) => [itemRef(event.data.itemId)];

/** Moves counted per time bucket: per item type, in and out per location, and the time the moved items had stood where they left. */
export const moveBucketsModel: DocumentModel<MovementBucketDoc, 'ItemMoved'> = {
  collection: 'movements',
  handles: ['ItemMoved'],
  reads,
  idsOf: bucketsOf,
  evolve(doc, event, id, read) {
    const { itemTypeId, fromLocationId, toLocationId, dwellMs } = loggedMove(event, read);
    return counted(doc, id, event.metadata.eventId, (bucket) => ({
      ...bucket,
      byType: plus(bucket.byType, itemTypeId, 1),
      in: plus(bucket.in, toLocationId, 1),
      out: plus(bucket.out, fromLocationId, 1),
      dwellMs: plus(bucket.dwellMs, fromLocationId, dwellMs),
    }));
  },
};

/** Every move in its minute's log, for the edges of a range that no bucket covers. */
export const moveLogModel: DocumentModel<MoveLogDoc, 'ItemMoved'> = {
  collection: 'move_log',
  handles: ['ItemMoved'],
  reads,
  idsOf: (event) => [moveLogId(event.metadata.occurredAt)],
  evolve: (doc, event, id, read) => counted(doc, id, event.metadata.eventId, (log) => ({ ...log, moves: [...(log.moves ?? []), encodeMove(loggedMove(event, read))] })),
};
