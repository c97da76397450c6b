import { ProblemError, validationProblem } from '@inventory/contracts';
import type { Request } from 'express';
import type { z } from 'zod';

export type ReportFormat = 'json' | 'csv';

const MEDIA_TYPES: Record<string, ReportFormat> = { 'application/json': 'json', 'text/csv': 'csv' };

/** `?format=csv|json` wins over the Accept header; no Accept means JSON; anything else is 406. */
export function reportFormatOf(req: Request): ReportFormat {
  const { format } = req.query;
  if (format === 'csv' || format === 'json') return format;
  if (format !== undefined) throw new ProblemError('VALIDATION_FAILED', 'query/format: must be csv or json', { errors: [{ in: 'query', pointer: '/format', detail: 'must be csv or json' }] });
  const accepted = req.accepts(Object.keys(MEDIA_TYPES));
  if (!accepted) throw new ProblemError('NOT_ACCEPTABLE', `reports are available as ${Object.keys(MEDIA_TYPES).join(' or ')}`);
  return MEDIA_TYPES[accepted]!;
}

/** The report's parameters, validated by the contract's schema (`format` is not one of them). */
export function reportParameters<T extends z.ZodType>(schema: T, req: Request): z.output<T> {
  const { format: _format, ...query } = req.query as Record<string, unknown>;
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const { detail, errors } = validationProblem(parsed.error, 'query');
  throw new ProblemError('VALIDATION_FAILED', detail, { errors });
}
