import { ensureTopics, type EventCodec } from '@inventory/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { EventApplier, type MessageSource } from './applier.js';
import { projectionMetrics, type ProjectionMetrics } from './metrics.js';
import { groupIdOf, topicNamesWith, type Projection, type TopicNames } from './projection.js';
import { ReadModelSpace } from './read-models.js';

export interface RunnerOptions {
  kafka: Kafka;
  db: Db;
  codec: EventCodec;
  projection: Projection;
  logger: Logger;
  generation: number;
  /** Defaults to `<groupPrefix><projection>.g<generation>`: a new generation starts from the beginning of the topics. */
  groupId?: string;
  /** Keeps groups of separate deployments (or tests) on one broker apart. */
  groupPrefix?: string;
  topicNames?: Partial<TopicNames>;
  /** Where the metrics go (the service's registry); a private one by default. */
  registry?: Registry;
  /** Aggregates applied concurrently within a batch (each aggregate's events stay in order). */
  concurrency?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
}

/** Messages handled between offset commits. */
const CHUNK_SIZE = 50;

/** A consumer group member applying a projection; offsets are committed only after the read-model writes. */
export class ProjectionRunner {
  readonly groupId: string;
  readonly space: ReadModelSpace;
  readonly metrics: ProjectionMetrics;
  readonly applier: EventApplier;
  /** Partitions this member holds since the last rebalance, per topic. */
  assignment: Record<string, number[]> = {};
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly topics: TopicNames;

  constructor(private readonly options: RunnerOptions) {
    const { kafka, db, projection, generation, logger } = options;
    this.groupId = options.groupId ?? `${options.groupPrefix ?? ''}${groupIdOf(projection.name, generation)}`;
    this.space = new ReadModelSpace(db, projection.name, generation);
    this.metrics = projectionMetrics(options.registry ?? new Registry());
    this.topics = topicNamesWith(options.topicNames);
    this.consumer = kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
      logger.info({ groupId: this.groupId, assignment: this.assignment }, 'projection partitions assigned');
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.applier = new EventApplier({
      projection,
      space: this.space,
      codec: options.codec,
      producer: this.producer,
      deadLetterTopic: this.deadLetterTopic,
      groupId: this.groupId,
      metrics: this.metrics,
      logger: logger.child({ projection: projection.name, generation, groupId: this.groupId }),
      maxAttempts: options.maxAttempts,
      retryDelayMs: options.retryDelayMs,
    });
  }

  get deadLetterTopic(): string {
    return this.topics['inventory.dlq.v1'];
  }

  /** For tools that feed the applier themselves (dead-letter replay) instead of start(). */
  connectProducer(): Promise<void> {
    return this.producer.connect();
  }

  /** The actual topic names this runner consumes. */
  get sourceTopics(): string[] {
    return this.options.projection.topics.map((topic) => this.topics[topic]);
  }

  async start(): Promise<void> {
    await this.options.projection.setup(this.space);
    await this.ensureEventTopics();
    await Promise.all([this.connectProducer(), this.consumer.connect()]);
    await this.consumer.subscribe({ topics: this.sourceTopics, fromBeginning: true });
    const projection = this.options.projection.name;
    await this.consumer.run({
      eachBatchAutoResolve: false,
      // Threshold 1: every commitOffsetsIfNecessary() commits what was resolved, so a handover re-reads little.
      autoCommitThreshold: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += CHUNK_SIZE) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + CHUNK_SIZE);
          await this.handleInKeyOrder(chunk, batch.topic, batch.partition, heartbeat);
          const last = chunk.at(-1)!;
          resolveOffset(last.offset);
          this.metrics.lag.set({ projection, topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1));
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
  }

  /** A consumer may start before any producer has created the topics (auto-creation is off): create them, idempotently. */
  private async ensureEventTopics(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Leaves the group (committing what was applied) so the other members take over its partitions. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  /**
   * Different aggregates run concurrently; one aggregate's messages strictly in offset order.
   * Heartbeats after every message (kafkajs sends at most one per heartbeatInterval): on a slow
   * store a chunk can take longer than the session timeout, and a member that misses it is
   * dropped from the group, its commits refused and its partitions handed over mid-chunk. A
   * rebalance notice here is left to the heartbeat after the chunk, so no worker is abandoned mid-event.
   */
  private async handleInKeyOrder(messages: KafkaMessage[], topic: string, partition: number, heartbeat: () => Promise<void>): Promise<void> {
    const byKey = new Map<string, KafkaMessage[]>();
    for (const message of messages) {
      const key = message.key?.toString('utf8') ?? '';
      byKey.set(key, [...(byKey.get(key) ?? []), message]);
    }
    const queues = [...byKey.values()];
    const worker = async (): Promise<void> => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const message of queue) {
          const source: MessageSource = { topic, partition, offset: message.offset };
          await this.applier.handle(message, source);
          // On a slow store a chunk can outlast the session timeout: the group would evict this
          // member, refuse its commits and re-deliver the chunk forever. (kafkajs sends at most one per heartbeatInterval.)
          await heartbeat();
          await heartbeat().catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, queues.length) }, worker));
  }
}
