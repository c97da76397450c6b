import { randomUUID } from 'node:crypto';
import { EventCodec, encodeConsistencyToken, type InventoryEvent } from '@inventory/contracts';
import { internalAuthHeaders, startService, type RunningService } from '@inventory/platform';
import { waitUntilCaughtUp, type TopicNames } from '@inventory/projection';
import { createPrivateTopics, deleteTopics, publishEvents } from '@inventory/projection/testing';
import { useInfra } from '@inventory/testkit';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import { queryServiceDefinition } from '../service.js';

/** A real query service on private topics and its own database, fed by events the test publishes. */
export class QueryServiceHarness {
  private constructor(
    readonly service: RunningService,
    readonly baseUrl: string,
    readonly topics: TopicNames,
    readonly env: NodeJS.ProcessEnv,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly codec: EventCodec,
  ) {}

  static async start(settings: Record<string, string> = {}): Promise<QueryServiceHarness> {
    const infra = await useInfra();
    const kafka = new Kafka({ clientId: 'query-test', brokers: infra.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true });
    await Promise.all([admin.connect(), producer.connect()]);
    const topics = await createPrivateTopics(admin);
    const env = { ...process.env, ...infra.env, QUERY_SERVICE_PORT: '0', LOG_LEVEL: process.env.QUERY_TEST_LOG_LEVEL ?? 'silent', QUERY_DATABASE: `query_test_${randomUUID().slice(0, 8)}`, ...settings };
    const service = await startService(queryServiceDefinition(env, { topicNames: topics, groupPrefix: `${topics['inventory.items.v1']}.` }), env);
    const { port } = service.server.address() as AddressInfo;
    return new QueryServiceHarness(service, `http://127.0.0.1:${port}`, topics, env, admin, producer, new EventCodec(infra.env.SCHEMA_REGISTRY_URL));
  }

  publish(events: readonly InventoryEvent[]): Promise<void> {
    return publishEvents(this.producer, this.codec, this.topics, events);
  }

  /** The token a command accepting `events` would have returned. */
  static tokenFor(events: readonly InventoryEvent[]): string {
    return encodeConsistencyToken(events.map(({ metadata }) => metadata));
  }

  /** Waits until the service's consumer group has committed everything published so far. */
  async untilCaughtUp(): Promise<void> {
    const topics = [this.topics['inventory.catalog.v1'], this.topics['inventory.locations.v1'], this.topics['inventory.items.v1']];
    await waitUntilCaughtUp(this.admin, `${this.topics['inventory.items.v1']}.query.g1`, topics, { timeoutMs: 900_000 });
  }

  async get<T = unknown>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, { headers: { ...internalAuthHeaders(this.env.INTERNAL_AUTH_TOKEN!), ...headers } });
    return { status: response.status, body: (await response.json()) as T };
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.service.context.mongo.client.connect().then((client) => client.db(this.env.QUERY_DATABASE).dropDatabase()).catch(() => undefined);
    await deleteTopics(this.admin, this.topics);
    await Promise.allSettled([this.admin.disconnect(), this.producer.disconnect()]);
  }
}
