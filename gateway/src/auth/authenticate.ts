import { ProblemError } from '@inventory/contracts';
import type { RequestHandler } from 'express';
import { Passport, type Strategy } from 'passport';
import type { Principal } from './principal.js';

/**
 * Middleware setting `req.user` from a valid bearer token, or failing the request with 401
 * (403 for a disabled user). A Passport instance of its own, so gateways in one process stay apart.
 */
export function authenticateWith(strategy: Strategy): RequestHandler {
  const passport = new Passport();
  passport.use('jwt', strategy);
  return (req, res, next) => {
    passport.authenticate('jwt', { session: false }, (error: unknown, user: Principal | false) => {
      if (error) return next(error);
      if (!user) return next(new ProblemError('UNAUTHENTICATED', 'a valid bearer access token is required'));
      req.user = user;
      return next();
    })(req, res, next);
  };
}
