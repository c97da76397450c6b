import { ProblemError } from '@inventory/contracts';
import { contractRoute } from '@inventory/platform';
import type { IRouter, Request, Response } from 'express';

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

/**
 * Mounts a report with the product's route helper: its parameters parsed by the contract's schema
 * (`format` is not one of them), its format from `?format` or the Accept header.
 */
export function reportRoute<TQuery>(router: IRouter, operationId: string, handle: (request: { parameters: TQuery; format: ReportFormat; req: Request; res: Response }) => Promise<void>): void {
  contractRoute<object, TQuery>(router, operationId, ({ query, req, res }) => handle({ parameters: query, format: reportFormatOf(req), req, res }), { ownQueryKeys: ['format'] });
}
