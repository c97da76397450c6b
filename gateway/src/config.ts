import { loadConfig } from '@inventory/platform';
import { z } from 'zod';
import { DEFAULT_MAX_DEPTH } from './validation/operator-keys.js';

/** Only for local runs and tests: production must be given its own secret. */
export const DEV_JWT_SECRET = 'inventory-local-dev-secret-change-me-0123456789';
export const DEV_ADMIN_PASSWORD = 'Local-Dev-Passw0rd';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const list = (fallback: string) => z.string().default(fallback).transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean));
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const gatewayEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  GATEWAY_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('inventory_gateway'),
  COMMAND_SERVICE_URL: z.url().default('http://127.0.0.1:8101'),
  QUERY_SERVICE_URL: z.url().default('http://127.0.0.1:8102'),
  REPORTING_WORKER_URL: z.url().default('http://127.0.0.1:8103'),
  UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key)').optional(),
  JWT_ISSUER: z.string().min(1).default('inventory-gateway'),
  JWT_AUDIENCE: z.string().min(1).default('inventory-api'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt(7 * 24 * 3600),
  INVENTORY_ADMIN_USERNAME: z.string().min(1).default('admin'),
  INVENTORY_ADMIN_PASSWORD: z.string().min(1).optional(),
  INVENTORY_ADMIN_EMAIL: z.email().default('admin@inventory.local'),
  SELF_SIGNUP_ENABLED: flag.default(false),
  CORS_ORIGINS: list(''),
  BODY_LIMIT_BYTES: positiveInt(100_000),
  /** Deepest nesting of a JSON body or query (the body itself is level 1); deeper → 400. */
  BODY_MAX_DEPTH: positiveInt(DEFAULT_MAX_DEPTH),
  RATE_LIMIT_IP_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt(300),
  /** Longest a point taken in memory waits before it is sent to the shared store (see SyncedBudget). */
  RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(1).max(1000).default(100),
  /** Longest a user record read for authentication is reused: how late another instance sees a disable or role change. */
  USER_RECHECK_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  AUDIT_QUEUE_CAPACITY: positiveInt(10_000),
  /** Longest an answered request's audit record waits to share a write with others (what a crash can lose). */
  AUDIT_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(50),
  LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: positiveInt(20),
  LOGIN_FAILURES_BEFORE_LOCKOUT: positiveInt(5),
  LOGIN_LOCKOUT_SECONDS: positiveInt(900),
}).transform(({ JWT_SECRET, INVENTORY_ADMIN_PASSWORD, ...rest }, context) => {
  // Well-known local defaults must never reach production.
  const missing = Object.entries({ JWT_SECRET, INVENTORY_ADMIN_PASSWORD }).filter(([, value]) => value === undefined);
  if (rest.NODE_ENV === 'production' && missing.length > 0) {
    for (const [name] of missing) context.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production' });
    return z.NEVER;
  }
  return { ...rest, JWT_SECRET: JWT_SECRET ?? DEV_JWT_SECRET, INVENTORY_ADMIN_PASSWORD: INVENTORY_ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD };
});

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv): GatewayConfig => loadConfig(gatewayEnvSchema, env);
