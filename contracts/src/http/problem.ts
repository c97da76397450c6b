import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES, type ErrorCode } from './error-catalog.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where a rejected value was: request part plus a JSON Pointer into it (RFC 6901). */
export const fieldErrorSchema = z.object({
  in: z.enum(['body', 'query', 'path', 'header']),
  pointer: z.string(),
  detail: z.string(),
}).strict();
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** The one error envelope (RFC 9457), with our extension members; tests check every error response against it. */
export const problemDetailsSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  code: z.enum(ERROR_CODES),
  instance: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
  correlationId: z.string().optional(),
}).strict().refine(
  (problem) => ERROR_CATALOG[problem.code].status === problem.status && ERROR_CATALOG[problem.code].title === problem.title,
  { message: 'status and title must be the catalog entry of the code' },
).meta({ id: 'Problem', description: 'RFC 9457 problem details; `code` is stable, see the error catalog' });
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

export type ProblemExtras = Pick<ProblemDetails, 'instance' | 'errors' | 'correlationId'>;

/** A URN: stable, needs no hosting, and names the code (RFC 9457 allows any URI). */
export const problemTypeOf = (code: ErrorCode): string => `urn:inventory:problem:${code.toLowerCase().replaceAll('_', '-')}`;

/** Builds the response body for `code`; the only way services produce errors. */
export function problem(code: ErrorCode, detail?: string, extras: ProblemExtras = {}): ProblemDetails {
  const { status, title } = ERROR_CATALOG[code];
  const defined = Object.entries({ detail, ...extras }).filter(([, value]) => value !== undefined);
  return { type: problemTypeOf(code), title, status, code, ...Object.fromEntries(defined) };
}

/** Thrown by handlers and services; the HTTP layer turns it into `problem(...)` with its status. */
export class ProblemError extends Error {
  constructor(readonly code: ErrorCode, readonly detail?: string, readonly extras: ProblemExtras = {}) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ProblemError';
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }

  toProblem(): ProblemDetails {
    return problem(this.code, this.detail, this.extras);
  }
}
