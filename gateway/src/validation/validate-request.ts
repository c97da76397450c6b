import { ProblemError, parseRequestPart, type FieldError } from '@inventory/contracts';
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { inputErrors, malformedQueryErrors } from './operator-keys.js';

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
 * Refuses, with 400 VALIDATION_FAILED naming every field, a request that nests deeper than
 * `maxDepth`, carries operator keys anywhere, holds text that is not well-formed Unicode in
 * any part, or whose params, query, body or headers do not match the route's schemas; these
 * walks run before zod, so no schema ever sees such input. The parsed values are left in
 * `res.locals.validated`.
 */
export function validateRequest(schemas: RequestSchemas, maxDepth: number): RequestHandler {
  return (req, res, next) => {
    const refused = [
      ...malformedQueryErrors(req.originalUrl),
      ...inputErrors(req.query, 'query', { maxDepth, operatorKeys: true }),
      ...inputErrors(req.body, 'body', { maxDepth, operatorKeys: true }),
      ...inputErrors(req.params, 'path', { maxDepth, operatorKeys: false }),
      ...inputErrors(req.headers, 'header', { maxDepth, operatorKeys: false }),
    ];
    if (refused.length > 0) {
      return next(new ProblemError('VALIDATION_FAILED', `refused: ${refused.slice(0, 10).map((error) => `${error.in}${error.pointer} ${error.detail}`).join('; ')}`, { errors: refused.slice(0, 100) }));
    }
    const validated: Record<string, unknown> = {};
    try {
      for (const part of ['params', 'query', 'body', 'headers'] as const) {
        const schema = schemas[part];
        if (schema) validated[part] = parseRequestPart(schema, req[part], partNames[part]);
      }
    } catch (error) {
      return next(error);
    }
    res.locals.validated = validated;
    return next();
  };
}
