import { z } from 'zod';
import { INVERTED_RANGE, fromBeforeTo, idSchema, timestampSchema } from './common.js';

export const inventoryStatusQuerySchema = z.object({
  /** Report only this subtree. */
  rootId: idSchema.optional(),
  itemType: idSchema.optional(),
}).strict();
export const inventoryStatusSchema = z.object({
  generatedAt: timestampSchema,
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
/** `from` inclusive, `to` exclusive; both required, at most 366 days apart. */
export const movementsQuerySchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  groupBy: z.enum(MOVEMENT_GROUPINGS).default('day'),
  itemType: idSchema.optional(),
  top: z.coerce.number().int().min(1).max(100).default(10),
}).strict()
  .refine(fromBeforeTo, INVERTED_RANGE)
  .refine(({ from, to }) => Date.parse(to) - Date.parse(from) <= 366 * 24 * 3600 * 1000, { message: 'the range spans at most 366 days', path: ['to'] });
export const movementsReportSchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  groupBy: z.enum(MOVEMENT_GROUPINGS),
  totalMoves: z.number().int().min(0),
  /** key: the day (YYYY-MM-DD, UTC), location id or item type id, by groupBy. */
  buckets: z.array(z.object({ key: z.string(), moves: z.number().int().min(0) }).strict()),
  busiestLocations: z.array(z.object({ locationId: idSchema, moves: z.number().int().min(0) }).strict()),
}).strict().meta({ id: 'MovementsReport' });

export const countsQuerySchema = z.object({ itemType: idSchema.optional(), locationType: idSchema.optional() }).strict();
export const countsReportSchema = z.object({
  generatedAt: timestampSchema,
  rows: z.array(z.object({ itemTypeId: idSchema, locationTypeId: idSchema, itemCount: z.number().int().min(0) }).strict()),
}).strict().meta({ id: 'CountsReport' });

export type InventoryStatusQuery = z.infer<typeof inventoryStatusQuerySchema>;
export type InventoryStatusReport = z.infer<typeof inventoryStatusSchema>;
export type MovementsQuery = z.infer<typeof movementsQuerySchema>;
export type MovementsReport = z.infer<typeof movementsReportSchema>;
export type CountsQuery = z.infer<typeof countsQuerySchema>;
export type CountsReport = z.infer<typeof countsReportSchema>;
