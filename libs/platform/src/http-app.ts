import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from '@inventory/contracts';
import express, { type Express, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Registry, Histogram } from 'prom-client';
import { CORRELATION_HEADER, correlationIdOf } from './correlation.js';
import { checkReadiness, type ReadinessCheck } from './health.js';
import { carriesBearer, requireInternalAuth } from './internal-auth.js';
import type { Logger } from './logger.js';
import { measureRequests } from './metrics.js';
import { routeNotFound, toProblem } from './problems.js';

export interface ServiceAppOptions {
  logger: Logger;
  metrics: { registry: Registry; httpDuration: Histogram<'method' | 'route' | 'status'> };
  readiness: Record<string, ReadinessCheck>;
  /** Largest JSON body accepted; `false` leaves body parsing to the service's own routes. */
  bodyLimit?: string | false;
  /**
   * Keeps /metrics and the per-dependency readiness report from the public: only a request with
   * `Authorization: Bearer <token>` gets them (nobody when `token` is unset); others get 401 for
   * /metrics and only the readiness status. Omitted: both are open (internal services).
   */
  protectOperations?: { token: string | undefined };
  /** When set, every route but the health checks requires it (requireInternalAuth): for services behind the gateway. */
  internalAuthToken?: string | undefined;
}

declare module 'http' {
  interface IncomingMessage {
    correlationId: string;
  }
}

/**
 * An Express app with what every service needs in front of its routes: correlation ids,
 * request logs, latency metrics, JSON bodies, and the operational endpoints
 * (/health/live, /health/ready reporting each dependency, /metrics in Prometheus text).
 * With `internalAuthToken`, only the two health checks stay open (orchestrators probe them
 * without credentials); /metrics and every route mounted later need the token.
 */
export function createServiceApp({ logger, metrics, readiness, bodyLimit = '1mb', protectOperations, internalAuthToken }: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const correlate: RequestHandler = (req, res, next) => {
    req.correlationId = correlationIdOf(req);
    res.setHeader(CORRELATION_HEADER, req.correlationId);
    next();
  };
  app.use(correlate);
  app.use(pinoHttp({
    logger,
    genReqId: (req) => req.correlationId,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url?.startsWith('/health') === true || req.url === '/metrics' },
  }));
  app.use(measureRequests(metrics.httpDuration));

  app.get('/health/live', (_req, res) => { res.json({ status: 'live' }); });
  const operator = (req: Request): boolean => protectOperations === undefined || carriesBearer(req, protectOperations.token);
  app.get('/health/ready', async (req, res) => {
    const report = await checkReadiness(readiness);
    res.status(report.status === 'ready' ? 200 : 503).json(operator(req) ? report : { status: report.status });
  });
  // Before body parsing: a caller without the token costs no more than this check.
  if (internalAuthToken !== undefined) app.use(requireInternalAuth(internalAuthToken));
  if (bodyLimit !== false) app.use(express.json({ limit: bodyLimit }));
  app.get('/metrics', async (req, res) => {
    if (!operator(req)) return sendProblem(req, res, problem('UNAUTHENTICATED', 'metrics need the operations bearer token (METRICS_TOKEN)'));
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

/** Sends `body` as application/problem+json, naming the request path and its correlation id. */
export function sendProblem(req: Request, res: Response, body: ProblemDetails): void {
  res.status(body.status).type(PROBLEM_CONTENT_TYPE).json({ ...body, instance: req.originalUrl, correlationId: req.correlationId });
}

/** Appends the catch-all 404 and the error handler; every failure leaves in the one envelope. */
export function finishServiceApp(app: Express): Express {
  app.use((req, res) => sendProblem(req, res, routeNotFound()));
  const handleError: ErrorRequestHandler = (error, req, res, _next) => {
    const body = toProblem(error);
    if (body.status >= 500) req.log?.error({ err: error }, 'request failed');
    sendProblem(req, res, body);
  };
  app.use(handleError);
  return app;
}
