import { commonEnvSchema, createKafka, createLogger, createMetrics, createMongo, kafkaConnectionOf, loadConfig, storeConnectionOf } from '@inventory/platform';

/** What the command-line tools share with the service: the same validated environment and clients. */
export function toolContext(name: string) {
  const config = loadConfig(commonEnvSchema, process.env);
  const logger = createLogger(name, config.LOG_LEVEL);
  return { config, logger, kafka: createKafka(kafkaConnectionOf(config), name, logger), mongo: createMongo(storeConnectionOf(config), process.env.REPORTS_DATABASE ?? 'inventory_reports'), metrics: createMetrics(name) };
}
