import { z } from 'zod';
import { problemDetailsSchema } from '../http/problem.js';
import { commandResult, idSchema, reasonSchema, timestampSchema } from './common.js';

export const moveRequestSchema = z.object({ itemId: idSchema, toLocationId: idSchema, reason: reasonSchema.optional() }).strict().meta({ id: 'MoveRequest' });

export const moveSchema = z.object({
  eventId: idSchema,
  itemId: idSchema,
  fromLocationId: idSchema,
  toLocationId: idSchema,
  /** Assigned children that moved with a parent. */
  movedChildIds: z.array(idSchema),
  occurredAt: timestampSchema,
}).strict().meta({ id: 'Move' });
export const moveResultSchema = commandResult({ move: moveSchema }).meta({ id: 'MoveResult' });

export const MAX_BULK_MOVES = 500;
export const bulkMoveRequestSchema = z.object({ moves: z.array(moveRequestSchema).min(1).max(MAX_BULK_MOVES) }).strict().meta({ id: 'BulkMoveRequest' });

/** Each move of a bulk request is validated and applied on its own; one refusal does not undo the others. */
export const bulkMoveOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ index: z.number().int().min(0), outcome: z.literal('MOVED'), move: moveSchema }).strict(),
  z.object({ index: z.number().int().min(0), outcome: z.literal('REJECTED'), itemId: idSchema, problem: problemDetailsSchema }).strict(),
]).meta({ id: 'BulkMoveOutcome' });
export const bulkMoveResultSchema = commandResult({ results: z.array(bulkMoveOutcomeSchema) }).meta({ id: 'BulkMoveResult' });

export type MoveRequest = z.infer<typeof moveRequestSchema>;
export type Move = z.infer<typeof moveSchema>;
export type MoveResult = z.infer<typeof moveResultSchema>;
export type BulkMoveRequest = z.infer<typeof bulkMoveRequestSchema>;
export type BulkMoveOutcome = z.infer<typeof bulkMoveOutcomeSchema>;
export type BulkMoveResult = z.infer<typeof bulkMoveResultSchema>;
