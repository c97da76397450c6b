import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { loadConfig } from '@inventory/platform';
import { z } from 'zod';
import { DEFAULT_MAX_DEPTH } from './validation/operator-keys.js';

/** Only for local development (INVENTORY_LOCAL_DEV=true): anywhere else start-up refuses them. */
export const DEV_JWT_SECRET = 'inventory-local-dev-secret-change-me-0123456789';
export const DEV_ADMIN_PASSWORD = 'Local-Dev-Passw0rd';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const list = (fallback: string) => z.string().default(fallback).transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean));
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isAddressOrRange = (entry: string): boolean => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
};
/** Express's `trust proxy`: a hop count, `false`, or the proxies' names / addresses / CIDRs (never "trust everyone"). */
const trustProxy = z.string().default('loopback').transform((value, context): false | number | string[] => {
  const setting = value.trim();
  if (setting === 'false') return false;
  if (/^\d+$/.test(setting)) return Number(setting);
  const entries = setting.split(',').map((entry) => entry.trim()).filter(Boolean);
  const invalid = entries.filter((entry) => !PROXY_NAMES.has(entry) && !isAddressOrRange(entry));
  if (entries.length > 0 && invalid.length === 0) return entries;
  context.addIssue({ code: 'custom', message: `must be a hop count, false, or comma-separated loopback / linklocal / uniquelocal / IP addresses / CIDRs (not ${JSON.stringify(invalid.join(',') || value)})` });
  return z.NEVER;
});

const gatewayEnvSchema = z.object({
  /** Unset means production rules; an explicit `production` also refuses INVENTORY_LOCAL_DEV. */
  NODE_ENV: z.enum(['development', 'test', 'production']).optional(),
  /** Asks for local development: only then may the well-known development secret and password be used. */
  INVENTORY_LOCAL_DEV: flag.default(false),
  TRUST_PROXY: trustProxy,
  /** Bearer token for /metrics and readiness details; unset, nobody reads them through the gateway. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  GATEWAY_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('inventory_gateway'),
  COMMAND_SERVICE_URL: z.url().default('http://127.0.0.1:8101'),
  QUERY_SERVICE_URL: z.url().default('http://127.0.0.1:8102'),
  REPORTING_WORKER_URL: z.url().default('http://127.0.0.1:8103'),
  UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
  /** The same for bulk commands (RouteContract.bulk): 500 registrations or moves take longer than one. */
  BULK_UPSTREAM_TIMEOUT_MS: positiveInt(60_000),
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
  /** The built web console (console/dist) served at /; unset, the gateway serves only the API. */
  CONSOLE_DIR: z.string().min(1).optional().refine((dir) => dir === undefined || existsSync(path.join(dir, 'index.html')),
    'has no index.html: build the console first (npm run build -w @inventory/console)'),
  BODY_LIMIT_BYTES: positiveInt(100_000),
  /** Largest body of a bulk command (up to 500 moves or items, e.g. a CSV import); at most 4 MB, what the command service takes. */
  BULK_BODY_LIMIT_BYTES: z.coerce.number().int().positive().max(4_000_000).default(1_000_000),
  /** Deepest nesting of a JSON body or query (the body itself is level 1); deeper → 400. */
  BODY_MAX_DEPTH: positiveInt(DEFAULT_MAX_DEPTH),
  RATE_LIMIT_IP_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt(300),
  /** Longest a point taken in memory waits before it is sent to the shared store (see SyncedBudget). */
  RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(1).max(1000).default(1000),
  /** Longest a user record read for authentication is reused: how late another instance sees a disable or role change. */
  USER_RECHECK_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  AUDIT_QUEUE_CAPACITY: positiveInt(10_000),
  /** Longest an answered request's audit record waits to share a write with others (what a crash can lose). */
  AUDIT_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(50),
  LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: positiveInt(20),
  LOGIN_FAILURES_BEFORE_LOCKOUT: positiveInt(5),
  LOGIN_LOCKOUT_SECONDS: positiveInt(900),
}).transform(({ NODE_ENV, JWT_SECRET, INVENTORY_ADMIN_PASSWORD, ...rest }, context) => {
  // Well-known local defaults run only where local development is asked for, never by default.
  if (rest.INVENTORY_LOCAL_DEV && NODE_ENV === 'production') {
    context.addIssue({ code: 'custom', path: ['INVENTORY_LOCAL_DEV'], message: 'must not be true when NODE_ENV=production' });
    return z.NEVER;
  }
  if (!rest.INVENTORY_LOCAL_DEV) {
    const secrets = [['JWT_SECRET', JWT_SECRET, DEV_JWT_SECRET], ['INVENTORY_ADMIN_PASSWORD', INVENTORY_ADMIN_PASSWORD, DEV_ADMIN_PASSWORD]] as const;
    const refused = secrets.filter(([, value, wellKnown]) => value === undefined || value === wellKnown);
    for (const [name, value] of refused) {
      context.addIssue({ code: 'custom', path: [name], message: value === undefined
        ? 'is required (its development default is used only with INVENTORY_LOCAL_DEV=true)'
        : 'is the well-known development value: set one of your own (or INVENTORY_LOCAL_DEV=true for local development)' });
    }
    if (refused.length > 0) return z.NEVER;
  }
  return { ...rest, NODE_ENV: NODE_ENV ?? 'production', JWT_SECRET: JWT_SECRET ?? DEV_JWT_SECRET, INVENTORY_ADMIN_PASSWORD: INVENTORY_ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD };
});

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv): GatewayConfig => loadConfig(gatewayEnvSchema, env);
