import { ProblemError, validationProblem, type FieldError } from '@inventory/contracts';
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { operatorKeyErrors } from './operator-keys.js';

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  headers?: z.ZodType;
}

/** Validated request parts, for handlers that run in the gateway itself. */
export interface Validated {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

const partNames = { params: 'path', query: 'query', body: 'body', headers: 'header' } as const satisfies Record<keyof RequestSchemas, FieldError['in']>;


/**
 * Refuses a request whose params, query, body or headers do not match the route's schemas, or
 * that carries operator keys anywhere, with 400 VALIDATION_FAILED naming every field; the parsed
 * values are left in `res.locals.validated`.
 */
export function validateRequest(schemas: RequestSchemas): RequestHandler {
  return (req, res, next) => {
    const injected = [...operatorKeyErrors(req.query, 'query'), ...operatorKeyErrors(req.body, 'body')];
    if (injected.length > 0) {
      return next(new ProblemError('VALIDATION_FAILED', `operator keys are not allowed: ${injected.map((error) => `${error.in}${error.pointer}`).join(', ')}`, { errors: injected }));
    }
    const validated: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'body', 'headers'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(req[part]);
      if (!result.success) {
        const { detail, errors } = validationProblem(result.error, partNames[part]);
        return next(new ProblemError('VALIDATION_FAILED', detail, { errors }));
      }
      validated[part] = result.data;
    }
    res.locals.validated = validated;
    return next();
  };
}
