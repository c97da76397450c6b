import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Kafka } from 'kafkajs';
import type { Db, MongoClient } from 'mongodb';
import { z } from 'zod';
import { loadConfig, portSetting, serviceEnvSchema } from './config.js';
import { watchDependency } from './health.js';
import { createServiceApp, finishServiceApp } from './http-app.js';
import { createKafka, kafkaConnectionOf, kafkaReadiness } from './kafka.js';
import { closeServer, listen, stopOnSignals } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createMongo, mongoReadiness, storeConnectionOf } from './mongo.js';
import type { StoreProfile } from './store-profile.js';
import { registryReadiness } from './schema-registry.js';
import { countStoreWrites } from './store-writes.js';

export type CommonConfig = z.output<typeof serviceEnvSchema> & { PORT: number };

/** What a service's own code is handed: validated config, clients and observability. */
export interface ServiceContext {
  config: CommonConfig;
  logger: Logger;
  kafka: Kafka;
  mongo: { client: MongoClient; db: Db; profile: StoreProfile };
  metrics: ReturnType<typeof createMetrics>;
  app: Express;
}

export interface ServiceDefinition {
  name: string;
  /** Env variable holding the HTTP port, e.g. QUERY_SERVICE_PORT. */
  portVariable: string;
  defaultPort: number;
  /**
   * The gateway only: binds GATEWAY_HOST and takes callers without the internal token. Every other
   * service binds INTERNAL_HOST and answers only callers that send INTERNAL_AUTH_TOKEN (internal-auth.ts).
   */
  publicEntry?: boolean;
  /** MongoDB database owned by this service. */
  database: string;
  /** Largest JSON body the platform parses (default 1mb); `false` when the service parses bodies itself. */
  jsonBodyLimit?: string | false;
  /** Keeps /metrics and readiness details from the public (see ServiceAppOptions.protectOperations). */
  protectOperations?: { token: string | undefined };
  /** Mounts routes and starts background work; returns how to stop that work. */
  mount?: (context: ServiceContext) => Promise<(() => Promise<void>) | void>;
}

export interface RunningService {
  context: ServiceContext;
  server: Server;
  stop(): Promise<void>;
}

/** Boots a service: config, logger, clients, operational endpoints, its routes, then listens. */
export async function startService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config: CommonConfig = loadConfig(serviceEnvSchema.extend({ PORT: portSetting(definition.defaultPort) }), {
    ...env,
    PORT: env[definition.portVariable],
  });
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const metrics = createMetrics(definition.name);
  const kafka = createKafka(kafkaConnectionOf(config), definition.name, logger);
  const admin = kafka.admin();
  const mongo = createMongo(storeConnectionOf(config), definition.database);
  countStoreWrites(mongo.client, metrics.registry);
  const app = createServiceApp({
    logger,
    metrics,
    readiness: {
      kafka: kafkaReadiness(admin),
      schemaRegistry: registryReadiness(config.SCHEMA_REGISTRY_URL),
      mongodb: mongoReadiness(mongo.db),
    },
    bodyLimit: definition.jsonBodyLimit,
    protectOperations: definition.protectOperations,
    internalAuthToken: definition.publicEntry ? undefined : config.INTERNAL_AUTH_TOKEN,
  });
  const context: ServiceContext = { config, logger, kafka, mongo, metrics, app };
  const stopWork = (await definition.mount?.(context)) ?? (async () => undefined);
  finishServiceApp(app);
  const host = definition.publicEntry ? config.GATEWAY_HOST : config.INTERNAL_HOST;
  const server = await listen(app, config.PORT, host);
  logger.info({ url: `http://${host}:${config.PORT}` }, `${definition.name} listening`);

  const stop = async (): Promise<void> => {
    await closeServer(server);
    await stopWork();
    await Promise.allSettled([admin.disconnect(), mongo.client.close()]);
  };
  return { context, server, stop };
}

/** Entry point helper: start, log fatal start-up errors, stop gracefully on signals. */
export async function runService(definition: ServiceDefinition): Promise<void> {
  try {
    const service = await startService(definition);
    const { logger, mongo } = service.context;
    watchDependency(mongoReadiness(mongo.db), (downMs) => {
      logger.fatal({ downMs }, 'the document store has not answered for two minutes: exiting, so that a new process connects (the supervisor restarts it)');
      process.exit(1);
    });
    stopOnSignals(logger, service.stop, service.context.config.SHUTDOWN_TIMEOUT_MS);
  } catch (error) {
    process.stderr.write(`${definition.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
