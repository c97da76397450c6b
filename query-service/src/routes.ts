import { mountTypeRoutes } from './catalog/types-routes.js';
import { mountContentsRoutes } from './contents/contents-routes.js';
import type { ReadRoutes } from './http/read-route.js';
import { mountItemRoutes } from './items/items-routes.js';
import { LocationTreeCache } from './locations/location-tree.js';
import { mountLocationRoutes } from './locations/locations-routes.js';
import { mountHistoryRoutes } from './timeline/history-routes.js';

export function mountQueryRoutes(routes: ReadRoutes): void {
  const trees = new LocationTreeCache();
  mountTypeRoutes(routes);
  mountLocationRoutes(routes, trees);
  mountContentsRoutes(routes, trees);
  mountItemRoutes(routes, trees);
  mountHistoryRoutes(routes, trees);
}
