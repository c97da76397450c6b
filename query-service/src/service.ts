import { EventCodec } from '@inventory/contracts';
import { loadConfig, type ServiceDefinition } from '@inventory/platform';
import { ActiveSpace, consistencyTimeoutSetting, runLiveProjection, type TopicNames } from '@inventory/projection';
import { z } from 'zod';
import { queryProjection } from './projection.js';
import { mountQueryRoutes } from './routes.js';

const queryEnvSchema = z.object({
  /** How long a query with a Consistency-Token waits for the read model before CONSISTENCY_TIMEOUT. */
  QUERY_CONSISTENCY_TIMEOUT_MS: consistencyTimeoutSetting(),
  QUERY_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('inventory_query'),
});

export interface QueryServiceOptions {
  /** Private topics (tests); the catalog's topics otherwise. */
  topicNames?: Partial<TopicNames>;
  groupPrefix?: string;
}

/** The query service: the live projection into the active generation and the read routes over it. */
export function queryServiceDefinition(env: NodeJS.ProcessEnv = process.env, { topicNames, groupPrefix }: QueryServiceOptions = {}): ServiceDefinition {
  const { QUERY_CONSISTENCY_TIMEOUT_MS, QUERY_DATABASE } = loadConfig(queryEnvSchema, env);
  return {
    name: 'query-service',
    portVariable: 'QUERY_SERVICE_PORT',
    defaultPort: 8102,
    database: QUERY_DATABASE,
    mount: async ({ app, kafka, mongo, config, logger, metrics }) => {
      mountQueryRoutes({ app, spaces: new ActiveSpace(mongo.db, queryProjection.name), consistencyTimeoutMs: QUERY_CONSISTENCY_TIMEOUT_MS });
      const live = await runLiveProjection({
        kafka, db: mongo.db, codec: new EventCodec(config.SCHEMA_REGISTRY_URL, { timeoutMs: config.SCHEMA_REGISTRY_TIMEOUT_MS }), projection: queryProjection, logger, registry: metrics.registry, topicNames, groupPrefix,
      });
      return () => live.stop();
    },
  };
}
