import type { RouteContract } from '@inventory/contracts';
import { toExpressPath } from '@inventory/contracts';
import type { Logger } from '@inventory/platform';
import { Router, type RequestHandler } from 'express';
import type { AuditQueue } from '../audit/audit-queue.js';
import { noteErrorCode, recordAudit, setAuditSubject } from '../audit/record-audit.js';
import { authorize } from '../auth/authorize.js';
import { forwardTo } from '../proxy/forward.js';
import type { UpstreamName, Upstreams } from '../proxy/upstreams.js';
import type { Limiters } from '../rate-limit/limiters.js';
import { limitPerIp, limitPerUser } from '../rate-limit/rate-limit-middleware.js';
import { parseJsonBody } from '../validation/parse-json-body.js';
import { validateRequest } from '../validation/validate-request.js';
import type { LocalHandler } from './local-handler.js';
import { headerSchemaFor } from './request-headers.js';
import { runLocal } from './run-local.js';
import { addUnmatchedHandlers } from './unmatched.js';

/** Tags the gateway answers itself; every other route goes to the service that owns it. */
const GATEWAY_TAGS = new Set(['auth', 'users', 'audit', 'docs']);

/** Writes go to the command service, reports to the reporting worker, other reads to the query service. */
export const upstreamOf = (route: RouteContract): UpstreamName =>
  route.method !== 'get' ? 'command' : route.tag === 'reports' ? 'reporting' : 'query';

export interface GatewayRouterDependencies {
  routes: readonly RouteContract[];
  localHandlers: Record<string, LocalHandler>;
  /** Static files of the docs page, under /docs/. */
  docsAssets: RequestHandler;
  upstreams: Upstreams;
  upstreamTimeoutMs: number;
  bulkUpstreamTimeoutMs: number;
  /** Sent to every service as proof that the call comes from the gateway (INTERNAL_AUTH_TOKEN). */
  internalAuthToken: string;
  authenticate: RequestHandler;
  limiters: Limiters;
  audit: AuditQueue;
  bodyLimitBytes: number;
  /** For bulk commands (RouteContract.bulk). */
  bulkBodyLimitBytes: number;
  /** Deepest nesting a body or query may have (400 beyond). */
  bodyMaxDepth: number;
  logger: Logger;
}

/**
 * Every route of the contract, each through the same chain: audit hook, per-IP budget, then
 * (unless public) token, roles and per-user budget, then body parsing and validation, and only
 * then the handler or the service behind the gateway.
 */
export function gatewayRouter(deps: GatewayRouterDependencies): Router {
  const router = Router();
  router.use(recordAudit(deps.audit));
  router.use(limitPerIp(deps.limiters.perIp));
  router.use('/docs', deps.docsAssets);
  const staticPaths = new Set(deps.routes.filter((route) => !route.path.includes('{')).map((route) => route.path));
  for (const route of deps.routes) {
    const markRoute: RequestHandler = (req, res, next) => {
      const { id } = req.params;
      setAuditSubject(res, { action: route.operationId, targetId: typeof id === 'string' ? id : null });
      next();
    };
    const guards = route.access === 'public' ? [] : [deps.authenticate, authorize(route.access), limitPerUser(deps.limiters.perUser)];
    router[route.method](
      toExpressPath(route.path),
      ...(route.path.includes('{') ? [yieldToStaticPath(staticPaths)] : []),
      markRoute,
      ...guards,
      parseJsonBody(route.bulk === true ? deps.bulkBodyLimitBytes : deps.bodyLimitBytes, route.body !== undefined),
      validateRequest({ params: route.params, query: route.query, body: route.body, headers: headerSchemaFor(route) }, deps.bodyMaxDepth),
      handlerFor(route, deps),
    );
  }
  addUnmatchedHandlers(router, deps.routes);
  router.use(noteErrorCode);
  return router;
}

/**
 * A parameterised route does not take a path the contract names literally (PATCH /users/me is not
 * PATCH /users/{id} with id "me"): the request goes on to that path's own handlers, i.e. 405 with Allow.
 */
const yieldToStaticPath = (staticPaths: ReadonlySet<string>): RequestHandler => (req, _res, next) => {
  if (staticPaths.has(req.path)) next('route');
  else next();
};

function handlerFor(route: RouteContract, deps: GatewayRouterDependencies): RequestHandler {
  if (!GATEWAY_TAGS.has(route.tag)) return forwardTo(deps.upstreams[upstreamOf(route)], { timeoutMs: route.bulk === true ? deps.bulkUpstreamTimeoutMs : deps.upstreamTimeoutMs, internalAuthToken: deps.internalAuthToken }, deps.logger);
  const local = deps.localHandlers[route.operationId];
  // A gateway route without its handler is a programming error: refuse to start rather than 404 later.
  if (!local) throw new Error(`no gateway handler for ${route.operationId}`);
  return runLocal(local);
}
