import type { ReadModelSpace } from '@inventory/projection';
import type { Collection } from 'mongodb';

/** Every bucket document lists the events applied to it and not yet swept (see apply-delta.ts). */
export interface Guarded {
  _id: string;
  applied?: string[];
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

/** Moves of one item type in one time bucket; dwellMs sums, per source location, how long the moved items had stood there. */
export interface MovementCell {
  moves?: number;
  in?: Record<string, number>;
  out?: Record<string, number>;
  dwellMs?: Record<string, number>;
}

/** A time bucket (id from time-buckets.ts): per item type, moves and per-location in/out counts. */
export interface MovementBucketDoc extends Guarded {
  _id: string;
  cells?: Record<string, MovementCell>;
}

export interface MoveDoc {
  /** The event id. */
  _id: string;
  at: Date;
  itemId: string;
  itemTypeId: string;
  fromLocationId: string;
  toLocationId: string;
  dwellMs: number;
}

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

/** Applied events whose markers are still on bucket documents. */
export interface SweepDoc {
  _id: string;
  aggregateId: string;
  aggregateVersion: number;
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
  moves: space.collection<MoveDoc>('moves'),
  items: space.collection<ItemDoc>('items'),
  catalogTypes: space.collection<CatalogTypeDoc>('catalog_types'),
  sweeps: space.collection<SweepDoc>('sweeps'),
  checkpoints: space.collection<{ _id: string; version: number }>('checkpoints'),
  freshness: space.collection<FreshnessDoc>('freshness'),
});

export type ReportCollections = ReturnType<typeof reportCollections>;
/** Collections whose documents carry applied-event markers. */
export const GUARDED = ['locations', 'movements', 'items'] as const satisfies readonly (keyof ReportCollections)[];
/** The guarded collections seen through what they share. */
export const guardedCollection = (collections: ReportCollections, name: (typeof GUARDED)[number]): Collection<Guarded> => collections[name] as unknown as Collection<Guarded>;
