import { z } from 'zod';
import { storeProfileSetting } from './store-profile.js';

/** An on/off env variable: exactly `true` or `false`. */
export const flagSetting = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Settings every service shares; defaults point at the local stack (`npm start`). */
export const commonEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092').transform((value) => value.split(',').map((broker) => broker.trim())),
  SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  /** Per attempt of every registry call (each call makes at most 3 more, with backoff). */
  SCHEMA_REGISTRY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** TLS to the brokers (MSK's TLS and SASL listeners); KAFKA_SSL_CA_FILE only for a private CA. */
  KAFKA_SSL: flagSetting.default(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** SASL/SCRAM as MSK offers it (scram-sha-512); username and password come from a secret. */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512', 'plain']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI').default('mongodb://127.0.0.1:27017/'),
  STORE_PROFILE: storeProfileSetting,
  /** CA bundle for TLS to the store (DocumentDB: the Amazon RDS bundle); setting it turns TLS on. */
  MONGODB_TLS_CA_FILE: z.string().min(1).optional(),
  /** The driver's retryable writes; unset: what the store profile allows (off on DocumentDB). */
  MONGODB_RETRY_WRITES: flagSetting.optional(),
  MONGODB_READ_PREFERENCE: z.enum(['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest']).default('primary'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

/** What a running service (startService) needs on top: where it listens and the internal trust secret. */
export const serviceEnvSchema = commonEnvSchema.extend({
  /** Interface the gateway, the one public entry point, binds to. */
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  /** Interface the internal services (command, query, reporting) bind to. */
  INTERNAL_HOST: z.string().min(1).default('127.0.0.1'),
  /** Shared secret the gateway sends to the internal services and they require (no default: `npm start` and the tests generate one). */
  INTERNAL_AUTH_TOKEN: z.string().min(32, 'must be at least 32 characters'),
});

export const portSetting = (defaultPort: number) => z.coerce.number().int().min(0).max(65_535).default(defaultPort);

export class ConfigError extends Error {}

/**
 * Validates the environment against `schema` once at start-up; a bad value stops the service
 * with one line per problem rather than surfacing later as an odd runtime failure.
 */
export function loadConfig<TSchema extends z.ZodType>(schema: TSchema, env: NodeJS.ProcessEnv = process.env): z.output<TSchema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new ConfigError(`invalid configuration:\n${problems}`);
}
