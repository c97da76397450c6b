import { z } from 'zod';
import { ERROR_CODES } from '../http/error-catalog.js';
import { dateRangeQuerySchema, idSchema, pageOf, pageQuerySchema, timestampSchema } from './common.js';

export const AUDIT_OUTCOMES = ['SUCCEEDED', 'FAILED', 'DENIED'] as const;

/** One state-changing API call, whatever its outcome. */
export const auditEntrySchema = z.object({
  id: idSchema,
  at: timestampSchema,
  /** null when the caller was not authenticated. */
  userId: z.string().nullable(),
  /** The route's operationId, e.g. "moveItem". */
  action: z.string(),
  method: z.string(),
  path: z.string(),
  /** The id the call acted on (the path id; for a login, the user once known, else the username tried); null when none. */
  targetId: z.string().nullable(),
  status: z.number().int(),
  outcome: z.enum(AUDIT_OUTCOMES),
  errorCode: z.enum(ERROR_CODES).nullable(),
  correlationId: z.string(),
  ip: z.string().nullable(),
}).strict().meta({ id: 'AuditEntry' });

export const auditQuerySchema = pageQuerySchema.extend({
  ...dateRangeQuerySchema.shape,
  userId: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).regex(/^[A-Za-z]+$/).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
}).strict();

export const auditPageSchema = pageOf(auditEntrySchema).meta({ id: 'AuditPage' });

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
