import type { z } from 'zod';
import { problem, ProblemError, type FieldError, type ProblemDetails, type ProblemExtras } from './problem.js';

/** RFC 6901: "~" and "/" inside a key are escaped so the pointer stays unambiguous. */
const toPointer = (path: readonly PropertyKey[]): string => path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

export function fieldErrorsOf(error: z.ZodError, part: FieldError['in']): FieldError[] {
  return error.issues.map((issue) => ({ in: part, pointer: toPointer(issue.path), detail: issue.message }));
}

/** VALIDATION_FAILED naming every rejected field, for a zod failure on one request part. */
export function validationProblem(error: z.ZodError, part: FieldError['in'], extras: Omit<ProblemExtras, 'errors'> = {}): ProblemDetails {
  const errors = fieldErrorsOf(error, part);
  const detail = errors.map(({ pointer, detail }) => `${part}${pointer}: ${detail}`).join('; ');
  return problem('VALIDATION_FAILED', detail, { ...extras, errors });
}

/**
 * The one request-parsing function of the product: a request part (path, query, body, header)
 * through its schema, or a 400 VALIDATION_FAILED (thrown, for the problem envelope) naming every rejected field.
 */
export function parseRequestPart<T extends z.ZodType>(schema: T, value: unknown, part: FieldError['in']): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { detail, errors } = validationProblem(parsed.error, part);
  throw new ProblemError('VALIDATION_FAILED', detail, { errors });
}
