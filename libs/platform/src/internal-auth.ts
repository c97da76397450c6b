import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemError } from '@inventory/contracts';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/** The gateway proves itself to the internal services with `Authorization: Bearer <INTERNAL_AUTH_TOKEN>`. */
export const INTERNAL_AUTH_HEADER = 'authorization';

/** The header the gateway (and a test calling a service directly) sends with every call to an internal service. */
export const internalAuthHeaders = (token: string): Record<string, string> => ({ [INTERNAL_AUTH_HEADER]: `Bearer ${token}` });

// Both sides hashed first: equal lengths for timingSafeEqual, so not even the token's length leaks.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Whether `req` carries `Authorization: Bearer <token>` (never when `token` is unset); compared in constant time. */
export const carriesBearer = (req: IncomingMessage, token: string | undefined): boolean => {
  const presented = req.headers[INTERNAL_AUTH_HEADER];
  return token !== undefined && typeof presented === 'string' && timingSafeEqual(digest(presented), digest(`Bearer ${token}`));
};

/**
 * Refuses, with 401 INTERNAL_AUTH_REQUIRED (through the app's error handler, in the envelope),
 * every request that does not carry the shared internal token; compared in constant time.
 */
export function requireInternalAuth(token: string): RequestHandler {
  return (req, res, next) => {
    if (carriesBearer(req, token)) {
      next();
      return;
    }
    res.setHeader('www-authenticate', 'Bearer');
    next(new ProblemError('INTERNAL_AUTH_REQUIRED'));
  };
}
