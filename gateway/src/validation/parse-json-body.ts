import { ProblemError } from '@inventory/contracts';
import express, { type RequestHandler } from 'express';

const hasBody = (headers: NodeJS.Dict<string | string[]>): boolean =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/**
 * JSON bodies for routes that take one, parsed only after authentication so anonymous callers
 * cannot make the gateway read large payloads. Wrong media type → 415; too large → 413 and
 * malformed JSON → 400 (body-parser's errors, mapped by the platform); a body on a route that
 * takes none → 400.
 */
export function parseJsonBody(limitBytes: number, routeTakesBody: boolean): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: () => true });
  return (req, res, next) => {
    if (!hasBody(req.headers)) return next();
    if (!routeTakesBody) return next(new ProblemError('VALIDATION_FAILED', 'this route takes no request body'));
    if (!req.is(['application/json', 'application/*+json'])) {
      return next(new ProblemError('UNSUPPORTED_MEDIA_TYPE', `got ${req.headers['content-type'] ?? 'no Content-Type'}`));
    }
    return parse(req, res, next);
  };
}
