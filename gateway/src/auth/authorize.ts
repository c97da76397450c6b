import { ProblemError, type RouteContract } from '@inventory/contracts';
import type { RequestHandler } from 'express';

/** The route contract's access rule, applied to the authenticated principal. */
export const authorize = (access: Exclude<RouteContract['access'], 'public'>): RequestHandler => (req, _res, next) => {
  if (access === 'authenticated' || req.user?.roles.some((role) => access.includes(role))) return next();
  return next(new ProblemError('FORBIDDEN', `allowed for: ${access.join(', ')}`));
};
