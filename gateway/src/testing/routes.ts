import { randomUUID } from 'node:crypto';
import { API_BASE_PATH, ROUTES, type RouteContract } from '@inventory/contracts';
import fc from 'fast-check';

/** A concrete URL for `route`, with a fresh id for any path parameter. */
export const urlOf = (route: RouteContract): string => `${API_BASE_PATH}${route.path.replace(/\{\w+\}/g, () => randomUUID())}`;

export const routeArbitrary = fc.constantFrom(...ROUTES);
export const stateChangingRoutes = ROUTES.filter((route) => route.method !== 'get');
