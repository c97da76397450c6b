import type { Admin, ITopicConfig } from 'kafkajs';

/** One topic per aggregate family; the `.v1` suffix changes only with a breaking re-design (new topic, dual publishing). */
export const TOPICS = {
  catalog: 'inventory.catalog.v1',
  locations: 'inventory.locations.v1',
  items: 'inventory.items.v1',
  /** Every consumer group parks what it cannot process here, with DEAD_LETTER_HEADERS saying where it came from. */
  deadLetter: 'inventory.dlq.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
export type EventTopicName = Exclude<TopicName, typeof TOPICS.deadLetter>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Event topics keep everything: projections are rebuilt by replaying them from the start. */
const KEEP_FOREVER = { 'retention.ms': '-1', 'cleanup.policy': 'delete' };

export interface TopicSpec {
  topic: TopicName;
  partitions: number;
  config: Record<string, string>;
}

/** Partitions sized by expected volume: items move far more often than types change. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: TOPICS.catalog, partitions: 3, config: KEEP_FOREVER },
  { topic: TOPICS.locations, partitions: 6, config: KEEP_FOREVER },
  { topic: TOPICS.items, partitions: 12, config: KEEP_FOREVER },
  { topic: TOPICS.deadLetter, partitions: 3, config: { 'retention.ms': String(30 * DAY_MS), 'cleanup.policy': 'delete' } },
];

/** Headers a consumer adds when it parks a message on the dead-letter topic (key and value stay as received). */
export const DEAD_LETTER_HEADERS = {
  sourceTopic: 'dlq.sourceTopic',
  sourcePartition: 'dlq.sourcePartition',
  sourceOffset: 'dlq.sourceOffset',
  consumerGroup: 'dlq.consumerGroup',
  error: 'dlq.error',
  failedAt: 'dlq.failedAt',
} as const;

export interface EnsureTopicsOptions {
  /** -1 lets the broker apply its default.replication.factor (1 locally, 3 on MSK). */
  replicationFactor?: number;
}

/** Creates every missing topic; safe to call from each service at start-up, concurrently. */
export async function ensureTopics(admin: Admin, { replicationFactor = -1 }: EnsureTopicsOptions = {}): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = TOPIC_SPECS.filter(({ topic }) => !existing.has(topic)).map(({ topic, partitions, config }) => ({
    topic,
    numPartitions: partitions,
    replicationFactor,
    configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
  }));
  if (missing.length === 0) return;
  await createTopicsPatiently(admin, missing);
}

/**
 * createTopics that waits for the leaders. kafkajs retries that wait only on LEADER_NOT_AVAILABLE,
 * but a busy broker may first answer UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created;
 * creating again is harmless (an existing topic counts as success), so the whole call is retried.
 */
export async function createTopicsPatiently(admin: Admin, topics: ITopicConfig[], attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
      return;
    } catch (error) {
      // Matched by its kafkajs type: the error classes are not named exports of the CommonJS module.
      if ((error as { type?: unknown }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Runs a broker request again while it fails for a reason that passes (a partition's leader just
 * elected or moved: NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, ...), which kafkajs's admin offset
 * calls do not retry themselves; seen on topics created a moment before.
 */
export async function whileLeadersSettle<T>(request: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
