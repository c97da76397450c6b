import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { EventCodec, whileLeadersSettle, type InventoryEvent, type EventTopicName } from '@inventory/contracts';
import { internalAuthHeaders, startService, type RunningService } from '@inventory/platform';
import { assertConforms } from '@inventory/contracts/testing';
import { useInfra } from '@inventory/testkit';
import { commandServiceDefinition } from '../service.js';
import { writeModelOf, type WriteModel } from '../store/documents.js';

/** Answers are checked against their route's contract before a test reads them, so tests read fields freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CheckedBody = any;

export interface TestService {
  running: RunningService;
  database: string;
  env: NodeJS.ProcessEnv;
  /** One HTTP call; every answer is checked against its route's contract (success status and schema, or the error envelope). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: CheckedBody }>;
  stop(): Promise<void>;
}

/** The real service on an ephemeral port, with a database of its own so parallel engineers do not collide. */
export async function startTestService(): Promise<TestService> {
  const { env: infra } = await useInfra();
  const database = `cmd_test_${randomUUID().slice(0, 8)}`;
  const env = { ...process.env, ...infra, COMMAND_SERVICE_PORT: '0', LOG_LEVEL: 'silent' };
  const running = await startService({ ...commandServiceDefinition, database }, env);
  const { port } = running.server.address() as AddressInfo;
  return {
    running,
    database,
    env,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-actor-id': 'tester', ...internalAuthHeaders(infra.INTERNAL_AUTH_TOKEN), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const answer = { status: response.status, headers: response.headers, body: text ? JSON.parse(text) as unknown : undefined };
      assertConforms(method, path, answer);
      return answer as { status: number; headers: Headers; body: CheckedBody };
    },
    async stop() {
      await running.stop();
      const client = await new MongoClient(infra.MONGODB_URI!).connect();
      await client.db(database).dropDatabase();
      await client.close();
    },
  };
}

/** Mocha hooks for a suite: the service starts before its tests and stops after; read the fields inside tests. */
export function useTestService(): { service: TestService; model: WriteModel } {
  const suite = {} as { service: TestService; model: WriteModel };
  before(async () => {
    suite.service = await startTestService();
    suite.model = writeModelOf(suite.service.running.context.mongo.db);
  });
  after(async () => { await suite.service?.stop(); });
  return suite;
}

/** Reads a topic from its current end onwards, decoding with the contracts codec. */
export async function watchTopic(topic: EventTopicName) {
  const { env } = await useInfra();
  const kafka = new Kafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'command-tests', logLevel: logLevel.NOTHING });
  const codec = new EventCodec(env.SCHEMA_REGISTRY_URL!);
  const admin = kafka.admin();
  await admin.connect();
  const start = await whileLeadersSettle(() => admin.fetchTopicOffsets(topic));
  await admin.disconnect();
  const seen: InventoryEvent[] = [];
  const consumer = kafka.consumer({ groupId: `command-tests-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { seen.push(await codec.decode(message)); } });
  for (const { partition, offset } of start) consumer.seek({ topic, partition, offset });
  return {
    seen,
    /** Waits until `predicate` holds for what was seen (or fails after the timeout). */
    async until(predicate: (events: InventoryEvent[]) => boolean, timeoutMs = 20_000): Promise<InventoryEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(seen)) {
        if (Date.now() > deadline) throw new Error(`timed out; saw ${seen.length} events on ${topic}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return seen;
    },
    stop: () => consumer.disconnect(),
  };
}

/** A small warehouse through the API: one item type, a location type of `capacity`, `locations` locations, `items` items at the first. */
export async function seedWarehouse(service: TestService, { capacity = null as number | null, locations = 2, items = 1, kind = 'PARENT' as 'PARENT' | 'CHILD' } = {}) {
  const suffix = randomUUID().slice(0, 6);
  const itemType = await service.call('POST', '/api/v1/item-types', { name: `crate ${suffix}` });
  const locationType = await service.call('POST', '/api/v1/location-types', { name: `bay ${suffix}`, capacity });
  const unlimited = await service.call('POST', '/api/v1/location-types', { name: `yard ${suffix}` });
  const locationIds: string[] = [];
  for (let n = 0; n < locations; n += 1) {
    const typeId = n === 0 ? unlimited.body.locationType.id : locationType.body.locationType.id;
    locationIds.push((await service.call('POST', '/api/v1/locations', { code: `L${n}-${suffix}`, name: `L${n}`, locationTypeId: typeId })).body.location.id);
  }
  const itemIds: string[] = [];
  for (let n = 0; n < items; n += 1) {
    itemIds.push((await service.call('POST', '/api/v1/items', { itemTypeId: itemType.body.itemType.id, kind, name: `item ${n}`, locationId: locationIds[0] })).body.item.id);
  }
  return { itemTypeId: itemType.body.itemType.id as string, locationTypeId: locationType.body.locationType.id as string, locationIds, itemIds };
}
