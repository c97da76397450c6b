import { EventCodec, HEADERS } from '@inventory/contracts';
import { loadConfig, type ServiceContext, type ServiceDefinition } from '@inventory/platform';
import { ActiveSpace, awaitConsistency, consistencyTimeoutSetting, runLiveProjection, type TopicNames } from '@inventory/projection';
import { Router } from 'express';
import { z } from 'zod';
import { startSweeping } from './sweeping/marker-sweeper.js';
import { reportsProjection } from './reports-projection.js';
import { CHECKPOINT_HOST, PROJECTION_NAME, reportCollections, type CollectionsFor } from './shared/collections.js';
import { mountCounts } from './counts/route.js';
import { mountInventoryStatus } from './inventory-status/route.js';
import { mountMovements } from './movements/route.js';

export const reportsEnvSchema = z.object({
  /** How long a report with a Consistency-Token waits for the report collections before CONSISTENCY_TIMEOUT. */
  REPORTS_CONSISTENCY_TIMEOUT_MS: consistencyTimeoutSetting(),
  /** How often the sweeper takes applied-event markers off, compacts buckets and folds changed locations into their snapshot. */
  REPORTS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /**
   * How long the broker may hold the worker's fetch to gather events (Kafka's fetch.max.wait.ms;
   * 0: every event is applied as soon as it arrives). A unit of work writes each time bucket,
   * location and note its events share once, so at live rates this wait is what the documents
   * written per move come down with; reports are that much later (a Consistency-Token waits it out).
   */
  REPORTS_FETCH_WAIT_MS: z.coerce.number().int().min(0).max(5_000).default(500),
});

/**
 * What the broker gathers before it answers a waiting fetch: ~250 moves, more than half a second
 * brings at hundreds of moves a second (so the wait decides), while a burst or a backlog of more
 * is answered at once: a unit of that size shares its documents anyway.
 */
const FETCH_MIN_BYTES = 64 * 1024;

/** The live consumer's fetch: answered at once, or held up to `waitMs` for more events. */
export const fetchOptionsOf = (waitMs: number) => (waitMs === 0 ? {} : { maxWaitTimeInMs: waitMs, minBytes: FETCH_MIN_BYTES });

export interface WorkerOptions {
  database?: string;
  /** Private topic names and projection name (so consumer group and collections), for tests on a shared broker. */
  topicNames?: Partial<TopicNames>;
  projectionName?: string;
}

/** Options every tool that runs the reports projection (live, rebuild, replay) hands the shared runner. */
export const projectionOptions = (context: Pick<ServiceContext, 'kafka' | 'mongo' | 'logger' | 'metrics'> & { config: Pick<ServiceContext['config'], 'SCHEMA_REGISTRY_URL' | 'SCHEMA_REGISTRY_TIMEOUT_MS'> }, { topicNames, projectionName }: WorkerOptions = {}) => ({
  kafka: context.kafka,
  db: context.mongo.db,
  codec: new EventCodec(context.config.SCHEMA_REGISTRY_URL, { timeoutMs: context.config.SCHEMA_REGISTRY_TIMEOUT_MS }),
  projection: reportsProjection(projectionName),
  logger: context.logger,
  registry: context.metrics.registry,
  topicNames,
});

/** The reporting worker: the projection into report collections, the marker sweeper, and the read-only reports API. */
export const reportingWorker = ({ database = 'inventory_reports', ...options }: WorkerOptions = {}, env: NodeJS.ProcessEnv = process.env): ServiceDefinition => ({
  name: 'reporting-worker',
  portVariable: 'REPORTING_WORKER_PORT',
  defaultPort: 8103,
  database,
  async mount(context) {
    const active = new ActiveSpace(context.mongo.db, options.projectionName ?? PROJECTION_NAME);
    const { REPORTS_CONSISTENCY_TIMEOUT_MS, REPORTS_SWEEP_INTERVAL_MS, REPORTS_FETCH_WAIT_MS } = loadConfig(reportsEnvSchema, env);
    /** The active report collections, once they have applied the request's Consistency-Token (if any). */
    const collectionsNow: CollectionsFor = async (req) => {
      const space = await active.current();
      await awaitConsistency(req.get(HEADERS.consistencyToken), space, REPORTS_CONSISTENCY_TIMEOUT_MS, CHECKPOINT_HOST);
      return reportCollections(space);
    };
    const router = Router();
    mountInventoryStatus(router, collectionsNow);
    mountMovements(router, collectionsNow);
    mountCounts(router, collectionsNow);
    context.app.use(router);
    const live = await runLiveProjection({ ...projectionOptions(context, options), ...fetchOptionsOf(REPORTS_FETCH_WAIT_MS) });
    const stopSweeping = startSweeping(async () => reportCollections(live.runner.space), (error) => context.logger.warn({ err: error }, 'marker sweep failed; retrying'), {
      intervalMs: REPORTS_SWEEP_INTERVAL_MS,
      rewritten: (base, ids) => live.runner.forget(base, ids),
    });
    return async () => {
      await stopSweeping();
      await live.stop();
    };
  },
});
