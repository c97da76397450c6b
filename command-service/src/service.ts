import { EventCodec, ensureTopics } from '@inventory/contracts';
import { loadConfig, type ServiceContext, type ServiceDefinition } from '@inventory/platform';
import { z } from 'zod';
import { HolderLease } from './http/holder-lease.js';
import { IdempotencyKeys } from './http/idempotency.js';
import { commandRoutes } from './http/routes.js';
import { OutboxRelay } from './outbox/relay.js';
import { writeModelOf } from './store/documents.js';
import { ensureCommandIndexes } from './store/indexes.js';
import { sweepStaleHolds } from './store/stale-holds.js';

const SWEEP_INTERVAL_MS = 60_000;

const commandEnvSchema = z.object({
  /** How often the relay scans for outbox events no handler announced (another instance crashed). */
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
});

/** Registers schemas and topics (fail fast), starts the relay and the sweeps, mounts the command routes. */
export async function mountCommands({ config, kafka, mongo, app, logger, metrics }: ServiceContext): Promise<() => Promise<void>> {
  const codec = new EventCodec(config.SCHEMA_REGISTRY_URL, { timeoutMs: config.SCHEMA_REGISTRY_TIMEOUT_MS });
  const admin = kafka.admin();
  await admin.connect();
  await Promise.all([ensureTopics(admin), codec.registerAll()]);
  await admin.disconnect();
  const model = writeModelOf(mongo.db);
  await ensureCommandIndexes(mongo.db);
  const { OUTBOX_SWEEP_INTERVAL_MS } = loadConfig(commandEnvSchema, process.env);
  const relay = new OutboxRelay({
    kafka, codec, model, sweepMs: OUTBOX_SWEEP_INTERVAL_MS, metrics: metrics.registry,
    onError: (error) => logger.error({ err: error }, 'outbox relay pass failed'),
    onQuarantine: (family, id, error) => logger.error({ err: error, family, id }, 'outbox quarantined: its events cannot be published (unset outboxQuarantine to retry)'),
  });
  await relay.start();
  const lease = new HolderLease(mongo.db);
  await lease.start((error) => logger.warn({ err: error }, 'Idempotency-Key holder lease renewal failed'));
  const idempotency = new IdempotencyKeys(mongo.db, undefined, lease);
  const sweeper = setInterval(() => {
    idempotency.sweep().catch((error: unknown) => logger.error({ err: error }, 'idempotency sweep failed'));
    lease.sweep().catch((error: unknown) => logger.error({ err: error }, 'holder lease sweep failed'));
    sweepStaleHolds(model).catch((error: unknown) => logger.error({ err: error }, 'stale hold sweep failed'));
  }, SWEEP_INTERVAL_MS);
  app.use(commandRoutes({ model, wake: (family, id, forgettable) => relay.wake(family, id, forgettable) }, idempotency));
  return async () => {
    clearInterval(sweeper);
    lease.stop();
    await relay.stop();
  };
}

export const commandServiceDefinition: ServiceDefinition = {
  name: 'command-service',
  portVariable: 'COMMAND_SERVICE_PORT',
  defaultPort: 8101,
  database: 'inventory_commands',
  // Room for the largest bulk body the gateway forwards (BULK_BODY_LIMIT_BYTES, default 1 MB), re-serialised with defaults.
  jsonBodyLimit: '4mb',
  mount: mountCommands,
};
