import { API_BASE_PATH, ROUTES } from '@inventory/contracts';
import type { ServiceDefinition } from '@inventory/platform';
import cors from 'cors';
import helmet from 'helmet';
import { AuditLog } from './audit/audit-log.js';
import { auditHandlers } from './audit/audit-handlers.js';
import { AuditQueue } from './audit/audit-queue.js';
import { authHandlers } from './auth/auth-handlers.js';
import { authenticateWith } from './auth/authenticate.js';
import { jwtStrategy } from './auth/jwt-strategy.js';
import { LoginGuard } from './auth/login-guard.js';
import { RefreshTokens } from './auth/refresh-tokens.js';
import { loadGatewayConfig } from './config.js';
import { serveConsole } from './console/serve-console.js';
import { docsAssets, docsHandlers } from './openapi/docs-handlers.js';
import { closeUpstreams, createUpstreams } from './proxy/upstreams.js';
import { createLimiters } from './rate-limit/limiters.js';
import { gatewayRouter } from './routes/gateway-router.js';
import { bootstrapAdmin } from './users/bootstrap-admin.js';
import { userHandlers } from './users/user-handlers.js';
import { UserStore } from './users/user-store.js';
import { registerGatewayMetrics } from './gateway-metrics.js';

/** Headers a browser client may read on cross-origin answers. */
const EXPOSED_HEADERS = ['x-request-id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Consistency-Token', 'Location'];

/** The gateway as a platform service, configured from `env` (validated at once: a bad value stops start-up). */
export function gatewayService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = loadGatewayConfig(env);
  return {
    name: 'gateway',
    portVariable: 'GATEWAY_PORT',
    defaultPort: 8080,
    publicEntry: true,
    database: config.GATEWAY_DATABASE,
    // Bodies are parsed per route, after authentication (see parse-json-body.ts).
    jsonBodyLimit: false,
    // The gateway is the public entry point: metrics and readiness details only with METRICS_TOKEN.
    protectOperations: { token: config.METRICS_TOKEN },
    mount: async ({ app, mongo: { db }, logger, metrics, config: { INTERNAL_AUTH_TOKEN } }) => {
      const users = new UserStore(db, config.USER_RECHECK_MS);
      const refreshTokens = new RefreshTokens(db, config.REFRESH_TOKEN_TTL_SECONDS);
      const audit = new AuditLog(db);
      await Promise.all([users.ensureIndexes(), refreshTokens.ensureIndexes(), audit.ensureIndexes()]);
      await bootstrapAdmin(users, config, logger);
      const limiters = await createLimiters(db, config);
      const tokenSettings = { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS };
      const upstreams = createUpstreams(config);
      const auditQueue = new AuditQueue(audit, logger, {
        capacity: config.AUDIT_QUEUE_CAPACITY, batchSize: 500, flushDelayMs: config.AUDIT_FLUSH_MS, retryDelayMs: 1000,
      });
      registerGatewayMetrics(metrics.registry, auditQueue, limiters);

      // Per-IP budgets and login lockout key on req.ip: the client, as the trusted proxies report it.
      app.set('trust proxy', config.TRUST_PROXY);
      app.use(helmet());
      app.use(cors({ origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false, exposedHeaders: EXPOSED_HEADERS }));
      app.use(API_BASE_PATH, gatewayRouter({
        routes: ROUTES,
        localHandlers: {
          ...authHandlers({ users, refreshTokens, loginGuard: new LoginGuard(limiters.loginPerIp, limiters.loginFailures), tokenSettings }),
          ...userHandlers({ users, refreshTokens, selfSignUpEnabled: config.SELF_SIGNUP_ENABLED }),
          ...auditHandlers(audit, auditQueue),
          ...docsHandlers(),
        },
        docsAssets: docsAssets(),
        upstreams,
        upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
        bulkUpstreamTimeoutMs: config.BULK_UPSTREAM_TIMEOUT_MS,
        internalAuthToken: INTERNAL_AUTH_TOKEN,
        authenticate: authenticateWith(jwtStrategy(tokenSettings, users)),
        limiters,
        audit: auditQueue,
        bodyLimitBytes: config.BODY_LIMIT_BYTES,
        bulkBodyLimitBytes: config.BULK_BODY_LIMIT_BYTES,
        bodyMaxDepth: config.BODY_MAX_DEPTH,
        logger,
      }));
      if (config.CONSOLE_DIR) serveConsole(app, config.CONSOLE_DIR);
      // After the server has closed: every answered request's record and point reaches the store.
      return async () => {
        await Promise.all([auditQueue.close(), limiters.perIp.flush(), limiters.perUser.flush()]
          .map((flushing) => flushing.catch((error: unknown) => logger.error({ err: error }, 'flush on shutdown failed'))));
        await closeUpstreams(upstreams);
      };
    },
  };
}
