import { EventCodec, ensureTopics } from '@inventory/contracts';
import type { ServiceContext, ServiceDefinition } from '@inventory/platform';
import { IdempotencyKeys } from './http/idempotency.js';
import { commandRoutes } from './http/routes.js';
import { OutboxRelay } from './outbox/relay.js';
import { writeModelOf } from './store/documents.js';
import { sweepStaleHolds } from './store/stale-holds.js';

const SWEEP_INTERVAL_MS = 60_000;

/** Registers schemas and topics (fail fast), starts the relay and the sweeps, mounts the command routes. */
export async function mountCommands({ config, kafka, mongo, app, logger }: ServiceContext): Promise<() => Promise<void>> {
  const codec = new EventCodec(config.SCHEMA_REGISTRY_URL);
  const admin = kafka.admin();
  await admin.connect();
  await Promise.all([ensureTopics(admin), codec.registerAll()]);
  await admin.disconnect();
  const model = writeModelOf(mongo.db);
  const relay = new OutboxRelay({ kafka, codec, model, onError: (error) => logger.error({ err: error }, 'outbox relay pass failed') });
  await relay.start();
  const idempotency = new IdempotencyKeys(mongo.db);
  const sweeper = setInterval(() => {
    idempotency.sweep().catch((error: unknown) => logger.error({ err: error }, 'idempotency sweep failed'));
    sweepStaleHolds(model).catch((error: unknown) => logger.error({ err: error }, 'stale hold sweep failed'));
  }, SWEEP_INTERVAL_MS);
  app.use(commandRoutes({ model, wake: () => relay.wake() }, idempotency));
  return async () => {
    clearInterval(sweeper);
    await relay.stop();
  };
}

export const commandServiceDefinition: ServiceDefinition = {
  name: 'command-service',
  portVariable: 'COMMAND_SERVICE_PORT',
  defaultPort: 8101,
  database: 'inventory_commands',
  mount: mountCommands,
};
