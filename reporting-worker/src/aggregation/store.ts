import type { ReadModelSpace } from '@inventory/projection';
import type { Request } from 'express';
import type { Collection } from 'mongodb';

/**
 * Every bucket document lists the events applied to it and not yet swept (see apply-delta.ts), and
 * counts its updates in `rev`, so the compactor can pack what it read only if nothing came in since.
 */
export interface Guarded {
  _id: string;
  applied?: string[];
  rev?: number;
}

export interface LocationDoc extends Guarded {
  _id: string;
  code?: string;
  name?: string;
  locationTypeId?: string;
  parentLocationId?: string | null;
  active?: boolean;
  deleted?: boolean;
  itemCount?: number;
  byItemType?: Record<string, number>;
}

/** Moves in one time bucket: per item type, in/out per location, and per source location the summed time the moved items had stood there. */
export interface MovementCell {
  byType?: Record<string, number>;
  in?: Record<string, number>;
  out?: Record<string, number>;
  dwellMs?: Record<string, number>;
}

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

/** The id table packed documents refer to (packing/id-table.ts); `epoch` tells a reader's cached copy from another generation's. */
export interface IdTableDoc {
  _id: 'ids';
  epoch: string;
  count: number;
  /** One id per line (packing/id-table.ts). */
  ids: string;
}

/** Every location as of the last compaction, one field (packing/location-snapshot.ts); `version` is new (random) on every write. */
export interface LocationSnapshotDoc {
  _id: 'locations';
  version: string;
  locations: string;
}

/** Locations changed since the snapshot: readers take these from their own documents. */
export interface ChangedLocationsDoc {
  _id: 'changed-locations';
  ids: string[];
  touches: number;
  /** The version of the snapshot the ids were last cleared against: a reader that has it decoded already reads no more. */
  snapshot?: string;
}

export type PackedDoc = IdTableDoc | LocationSnapshotDoc | ChangedLocationsDoc;

export interface ItemDoc extends Guarded {
  _id: string;
  itemTypeId?: string;
  arrivedAt?: number;
  pending?: Record<string, number>;
}

export interface CatalogTypeDoc {
  _id: string;
  kind: 'itemType' | 'locationType';
  name: string | null;
  removed: boolean;
}

/** An applied event whose markers are still on the guarded documents it touched (ids per collection). */
export interface SweepDoc {
  _id: string;
  aggregateId: string;
  aggregateVersion: number;
  touched: GuardedIds;
}

/** The newest event applied (by occurrence time), one document: report freshness without scanning checkpoints. */
export interface FreshnessDoc {
  _id: 'newest';
  eventId: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
}

export const PROJECTION_NAME = 'reports';

/** The report collections of one generation. */
export const reportCollections = (space: ReadModelSpace) => ({
  locations: space.collection<LocationDoc>('locations'),
  movements: space.collection<MovementBucketDoc>('movements'),
  moveLog: space.collection<MoveLogDoc>('move_log'),
  items: space.collection<ItemDoc>('items'),
  catalogTypes: space.collection<CatalogTypeDoc>('catalog_types'),
  sweeps: space.collection<SweepDoc>('sweeps'),
  checkpoints: space.collection<{ _id: string; version: number }>('checkpoints'),
  freshness: space.collection<FreshnessDoc>('freshness'),
  packed: space.collection<PackedDoc>('packed'),
});

export type ReportCollections = ReturnType<typeof reportCollections>;

/** The collections a report request reads: the active generation's, once it honoured the request's Consistency-Token. */
export type CollectionsFor = (req: Request) => Promise<ReportCollections>;
/** Collections whose documents carry applied-event markers. */
export type GuardedName = 'locations' | 'movements' | 'moveLog' | 'items';
export type GuardedIds = Partial<Record<GuardedName, string[]>>;
/** The guarded collections seen through what they share. */
export const guardedCollection = (collections: ReportCollections, name: GuardedName): Collection<Guarded> => collections[name] as unknown as Collection<Guarded>;

/**
 * Packed bytes are stored as base64 text, not BSON Binary: a string survives every copy a writer
 * makes of a document (a Binary loses its type to structuredClone), for a third more bytes.
 */
export const packedText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const packedBytes = (text: string | undefined): Uint8Array => (text ? Buffer.from(text, 'base64') : new Uint8Array());
