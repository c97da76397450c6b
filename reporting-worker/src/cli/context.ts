import { commonEnvSchema, createKafka, createLogger, createMetrics, createMongo, loadConfig } from '@inventory/platform';

/** What the command-line tools share with the service: the same validated environment and clients. */
export function toolContext(name: string) {
  const config = loadConfig(commonEnvSchema, process.env);
  const logger = createLogger(name, config.LOG_LEVEL);
  return { config, logger, kafka: createKafka(config.KAFKA_BROKERS, name, logger), mongo: createMongo(config.MONGODB_URI, process.env.REPORTS_DATABASE ?? 'inventory_reports'), metrics: createMetrics(name) };
}
