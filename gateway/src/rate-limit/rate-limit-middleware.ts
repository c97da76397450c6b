import type { RequestHandler } from 'express';
import { consumePoint } from './consume.js';
import type { Budget } from './synced-budget.js';

/** Per client IP, before authentication: bad tokens and anonymous calls are metered too. */
export const limitPerIp = (limiter: Budget): RequestHandler => async (req, res, next) => {
  await consumePoint(limiter, req.ip ?? 'unknown', res, 'per-IP');
  next();
};

/** Per authenticated user, wherever they call from. */
export const limitPerUser = (limiter: Budget): RequestHandler => async (req, res, next) => {
  if (req.user) await consumePoint(limiter, req.user.id, res, 'per-user');
  next();
};
