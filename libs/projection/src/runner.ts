import { ensureTopics, type EventCodec } from '@inventory/contracts';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { EventApplier, type ApplierOptions } from './applier.js';
import { GroupCommit } from './group-commit.js';
import { projectionMetrics, type ProjectionMetrics } from './metrics.js';
import { groupIdOf, topicNamesWith, type Projection, type TopicNames } from './projection.js';
import { ReadModelSpace } from './read-models.js';
import { DocumentCache } from './unit-of-work/document-cache.js';

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
  /**
   * Messages applied in one unit of work, between offset commits (default 500). Larger chunks
   * mean fewer, bigger round trips to the store; smaller ones less latency per event.
   */
  chunkSize?: number;
  /** Documents kept in memory from one chunk to the next (default 100,000; all dropped when exceeded). */
  cachedDocuments?: number;
  /**
   * The generation's collections start empty and only this runner writes them (a rebuild): a
   * document it has not seen is absent, no load needed (until the cache bound is first exceeded).
   */
  freshGeneration?: boolean;
  /**
   * How long the broker may hold a fetch that finds nothing new (kafkajs' default 5,000 ms). Stopping
   * waits for the fetch in flight, so a runner that stops once it has caught up (a rebuild) wants it short.
   */
  maxWaitTimeInMs?: number;
  /**
   * Bytes the broker gathers before it answers a fetch (kafkajs' default 1: at once), up to
   * `maxWaitTimeInMs`. A consumer whose documents are shared by many events (the reports' time
   * buckets) sets it so a unit of work folds what arrived meanwhile, at the price of that wait.
   */
  minBytes?: number;
  /** Partitions whose batches are taken at once (and applied in one unit of work, see GroupCommit). */
  partitionsConsumedConcurrently?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  onWritten?: ApplierOptions['onWritten'];
}

const DEFAULT_CHUNK_SIZE = 500;
const DEFAULT_CACHED_DOCUMENTS = 100_000;
/** The event topics' partitions together (3 × 12). */
const DEFAULT_PARTITIONS_CONCURRENTLY = 36;

/** A consumer group member applying a projection; offsets are committed only after the read-model writes. */
export class ProjectionRunner {
  readonly groupId: string;
  readonly space: ReadModelSpace;
  readonly metrics: ProjectionMetrics;
  readonly applier: EventApplier;
  private readonly groupCommit: GroupCommit;
  private readonly cache: DocumentCache;
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
    this.consumer = kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: options.maxWaitTimeInMs, minBytes: options.minBytes });
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
      onWritten: options.onWritten,
      cache: (this.cache = new DocumentCache(options.cachedDocuments ?? DEFAULT_CACHED_DOCUMENTS, options.freshGeneration)),
      exclusive: options.freshGeneration,
    });
    this.groupCommit = new GroupCommit(this.applier);
  }

  /**
   * Something else in this process (a sweeper) has rewritten these documents of a collection (base
   * name): the next unit of work loads them, instead of writing over its stale copy, which the
   * store refuses (a wasted write), and then loading them.
   */
  forget(base: string, ids: Iterable<string>): void {
    const collection = this.space.collection(base).collectionName;
    for (const id of ids) this.cache.forget(collection, id);
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
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONCURRENTLY,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const chunkSize = this.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
        for (let start = 0; start < batch.messages.length; start += chunkSize) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + chunkSize);
          // Heartbeats after every message (kafkajs sends at most one per heartbeatInterval): on a
          // slow store a chunk can outlast the session timeout, and a member that misses it is
          // dropped, its commits refused and the chunk re-delivered forever. A rebalance notice
          // here is left to the heartbeat after the chunk, so no key is abandoned mid-event.
          await this.groupCommit.apply(
            chunk.map((message) => ({ message, source: { topic: batch.topic, partition: batch.partition, offset: message.offset } })),
            () => heartbeat().catch(() => undefined),
          );
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
}
