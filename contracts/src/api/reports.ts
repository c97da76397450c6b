import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

/** Every report says what it answered, when, and how fresh its data was (the last event the worker applied). */
export const reportMetadataSchema = z.object({
  parameters: z.record(z.string(), z.unknown()),
  generatedAt: timestampSchema,
  freshness: z.object({
    lastEvent: z.object({ eventId: z.string(), aggregateId: z.string(), aggregateVersion: z.number().int().positive(), occurredAt: timestampSchema }).strict().nullable(),
  }).strict(),
}).strict().meta({ id: 'ReportMetadata' });

export const inventoryStatusQuerySchema = z.object({
  /** Report only this subtree. */
  rootId: idSchema.optional(),
  itemType: idSchema.optional(),
}).strict();
export const inventoryStatusSchema = z.object({
  metadata: reportMetadataSchema,
  locations: z.array(z.object({
    locationId: idSchema,
    code: z.string(),
    name: z.string(),
    parentLocationId: idSchema.nullable(),
    depth: z.number().int().min(0),
    /** Items directly at the location (assigned children included). */
    itemCount: z.number().int().min(0),
    /** itemCount plus every sub-location's, all the way down. */
    totalItemCount: z.number().int().min(0),
    byItemType: z.array(z.object({ itemTypeId: idSchema, itemCount: z.number().int().min(0) }).strict()),
  }).strict()),
}).strict().meta({ id: 'InventoryStatusReport' });

export const MOVEMENT_GROUPINGS = ['day', 'location', 'itemType'] as const;
const DAY_MS = 86_400_000;
/** [from, to): `from` inclusive, `to` exclusive; `to` equal to `from` is the empty range. */
const fromNotAfterTo = ({ from, to }: { from: string; to: string }): boolean => Date.parse(from) <= Date.parse(to);
const atMost366Days = ({ from, to }: { from: string; to: string }): boolean => Date.parse(to) - Date.parse(from) <= 366 * DAY_MS;
/** Both required: `from` not after `to` (equal: an empty report), at most 366 days apart. */
export const movementsQuerySchema = z.object({
  from: timestampSchema.meta({ description: 'Inclusive start; not after `to`, else 400 `VALIDATION_FAILED`' }),
  to: timestampSchema.meta({ description: 'Exclusive end: equal to `from` is the empty range; at most 366 days after `from`, else 400 `VALIDATION_FAILED`' }),
  groupBy: z.enum(MOVEMENT_GROUPINGS).default('day'),
  itemType: idSchema.optional(),
  top: z.coerce.number().int().min(1).max(100).default(10),
}).strict()
  .refine(fromNotAfterTo, { message: '`from` must not be after `to`', path: ['from'] })
  .refine(atMost366Days, { message: 'the range spans at most 366 days', path: ['to'] });
export const movementsReportSchema = z.object({
  metadata: reportMetadataSchema,
  from: timestampSchema,
  to: timestampSchema,
  groupBy: z.enum(MOVEMENT_GROUPINGS),
  totalMoves: z.number().int().min(0),
  /** key: the day (YYYY-MM-DD, UTC), location id or item type id, by groupBy. */
  /** For groupBy=location, `moves` = movesIn + movesOut. */
  buckets: z.array(z.object({ key: z.string(), moves: z.number().int().min(0), movesIn: z.number().int().min(0).optional(), movesOut: z.number().int().min(0).optional() }).strict()),
  /** Moves in plus moves out, most first, at most `top`. */
  busiestLocations: z.array(z.object({ locationId: idSchema, moves: z.number().int().min(0) }).strict()),
  busiestItemTypes: z.array(z.object({ itemTypeId: idSchema, moves: z.number().int().min(0) }).strict()),
  /** How long items stood at locations of each type before the moves in range took them away. */
  dwellByLocationType: z.array(z.object({ locationTypeId: idSchema, departures: z.number().int().min(0), averageDwellMs: z.number().min(0) }).strict()),
}).strict().meta({ id: 'MovementsReport' });

export const countsQuerySchema = z.object({ itemType: idSchema.optional(), locationType: idSchema.optional() }).strict();
export const countsReportSchema = z.object({
  metadata: reportMetadataSchema,
  rows: z.array(z.object({ itemTypeId: idSchema, locationTypeId: idSchema, itemCount: z.number().int().min(0) }).strict()),
}).strict().meta({ id: 'CountsReport' });

export type InventoryStatusQuery = z.infer<typeof inventoryStatusQuerySchema>;
export type InventoryStatusReport = z.infer<typeof inventoryStatusSchema>;
export type MovementsQuery = z.infer<typeof movementsQuerySchema>;
export type MovementsReport = z.infer<typeof movementsReportSchema>;
export type CountsQuery = z.infer<typeof countsQuerySchema>;
export type CountsReport = z.infer<typeof countsReportSchema>;
export type ReportMetadata = z.infer<typeof reportMetadataSchema>;
