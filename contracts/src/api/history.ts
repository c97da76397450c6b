import { z } from 'zod';
import { dateRangeQuerySchema, idSchema, pageOf, pageQuerySchema, timestampSchema } from './common.js';

/** One immutable line of movement history: a move, or an assignment change. Chronological order. */
export const historyEntrySchema = z.object({
  eventId: idSchema,
  kind: z.enum(['MOVED', 'ASSIGNED', 'RELEASED', 'MOVED_WITH_PARENT']),
  itemId: idSchema,
  itemTypeId: idSchema,
  fromLocationId: idSchema.nullable(),
  toLocationId: idSchema.nullable(),
  /** The parent for assignment changes and for children that moved with it. */
  parentId: idSchema.nullable(),
  actorId: z.string(),
  reason: z.string().nullable(),
  occurredAt: timestampSchema,
}).strict().meta({ id: 'HistoryEntry' });

/** `from` inclusive, `to` exclusive. */
export const historyQuerySchema = pageQuerySchema.extend({
  ...dateRangeQuerySchema.shape,
  userId: z.string().min(1).max(64).optional(),
  itemType: idSchema.optional(),
}).strict();

export const historyPageSchema = pageOf(historyEntrySchema).meta({ id: 'HistoryPage' });

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type HistoryQuery = z.infer<typeof historyQuerySchema>;
export type HistoryPage = z.infer<typeof historyPageSchema>;
