import { EventCodec } from '@inventory/contracts';
import { commonEnvSchema, createKafka, createLogger, createMongo, kafkaConnectionOf, loadConfig, storeConnectionOf } from '@inventory/platform';
import type { RunnerOptions } from '@inventory/projection';
import { queryProjection } from '../projection.js';

/** What the operator commands need: the query projection wired to the environment's Kafka and store. */
export function toolContext(env: NodeJS.ProcessEnv = process.env): { options: Omit<RunnerOptions, 'generation'>; close: () => Promise<void> } {
  const config = loadConfig(commonEnvSchema, env);
  const logger = createLogger('query-service-tool', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const mongo = createMongo(storeConnectionOf(config), env.QUERY_DATABASE ?? 'inventory_query');
  const kafka = createKafka(kafkaConnectionOf(config), 'query-service-tool', logger);
  return {
    options: { kafka, db: mongo.db, codec: new EventCodec(config.SCHEMA_REGISTRY_URL, { timeoutMs: config.SCHEMA_REGISTRY_TIMEOUT_MS }), projection: queryProjection, logger },
    close: () => mongo.client.close(),
  };
}
