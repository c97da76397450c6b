import { ProblemError, toExpressPath, type RouteContract } from '@inventory/contracts';
import type { Router } from 'express';

/**
 * After every route: a known path called with another method → 405 with Allow; anything else
 * under the API → 404. Paths are registered in contract order, so /users/me is tried before /users/:id.
 */
export function addUnmatchedHandlers(router: Router, routes: readonly RouteContract[]): void {
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method.toUpperCase()]);
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    router.all(toExpressPath(path), (_req, res, next) => {
      res.setHeader('Allow', allow);
      next(new ProblemError('METHOD_NOT_ALLOWED', `allowed: ${allow}`));
    });
  }
  router.use((_req, _res, next) => next(new ProblemError('ROUTE_NOT_FOUND')));
}
