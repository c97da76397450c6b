import { ProblemError, toExpressPath, type RouteContract } from '@inventory/contracts';
import type { Router } from 'express';

/**
 * After every route: a known path called with another method → 405 with Allow; anything else
 * under the API → 404. Literal paths are tried first, so GET /items/bulk is /items/bulk's 405, not /items/{id}'s.
 */
export function addUnmatchedHandlers(router: Router, routes: readonly RouteContract[]): void {
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method.toUpperCase()]);
  const literalFirst = [...methodsByPath].sort(([a], [b]) => Number(a.includes('{')) - Number(b.includes('{')));
  for (const [path, methods] of literalFirst) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    router.all(toExpressPath(path), (_req, res, next) => {
      res.setHeader('Allow', allow);
      next(new ProblemError('METHOD_NOT_ALLOWED', `allowed: ${allow}`));
    });
  }
  router.use((_req, _res, next) => next(new ProblemError('ROUTE_NOT_FOUND')));
}
