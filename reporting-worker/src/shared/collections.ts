import { Checkpoints, type ReadModelSpace } from '@inventory/projection';
import type { Request } from 'express';
import { ITEMS, type ItemDoc } from '../items/item-state.js';
import type { ChangedLocationsDoc, LocationSnapshotDoc } from '../locations/changed-locations.js';
import type { LocationDoc } from '../locations/location-counts.js';
import type { MoveLogDoc, MovementBucketDoc } from '../movements/move-buckets.js';
import type { SweepDoc } from '../sweeping/sweep-notes.js';
import type { CatalogTypeDoc } from './catalog-types.js';

/** The id table packed documents refer to (packing/id-table.ts); `epoch` tells a reader's cached copy from another generation's. */
export interface IdTableDoc {
  _id: 'ids';
  epoch: string;
  count: number;
  /** One id per line (packing/id-table.ts). */
  ids: string;
}

export type PackedDoc = IdTableDoc | LocationSnapshotDoc | ChangedLocationsDoc;

export const PROJECTION_NAME = 'reports';

/** Where an aggregate's checkpoint lives when it can: an item's in its item document (see Projection.checkpointHost). */
export const CHECKPOINT_HOST = ITEMS;

/** The report collections of one generation (each report's models name theirs the same way). */
export const reportCollections = (space: ReadModelSpace) => ({
  locations: space.collection<LocationDoc>('locations'),
  movements: space.collection<MovementBucketDoc>('movements'),
  moveLog: space.collection<MoveLogDoc>('move_log'),
  items: space.collection<ItemDoc>(ITEMS),
  catalogTypes: space.collection<CatalogTypeDoc>('catalog_types'),
  sweeps: space.collection<SweepDoc>('sweeps'),
  /** What the runner has applied, per aggregate (its item document or the checkpoints collection). */
  checkpoints: new Checkpoints(space, CHECKPOINT_HOST),
  packed: space.collection<PackedDoc>('packed'),
});

export type ReportCollections = ReturnType<typeof reportCollections>;

/** The collections a report request reads: the active generation's, once it honoured the request's Consistency-Token. */
export type CollectionsFor = (req: Request) => Promise<ReportCollections>;

/**
 * Packed bytes are stored as base64 text, not BSON Binary: a string survives every copy a writer
 * makes of a document (a Binary loses its type to structuredClone), for a third more bytes.
 */
export const packedText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const packedBytes = (text: string | undefined): Uint8Array => (text ? Buffer.from(text, 'base64') : new Uint8Array());
