import { randomUUID } from 'node:crypto';
import { TOPIC_SPECS, createTopicsPatiently, type EventCodec, type EventMetadata, type InventoryEvent } from '@inventory/contracts';
import type { Admin, Producer } from 'kafkajs';
import type { TopicNames } from '../projection.js';

/**
 * A private copy of every inventory topic (same partition counts), so a test on a shared broker
 * reads only its own events. Returns the names to hand to runners as `topicNames`.
 */
export async function createPrivateTopics(admin: Admin, prefix = `test-${randomUUID().slice(0, 8)}`): Promise<TopicNames> {
  const names = Object.fromEntries(TOPIC_SPECS.map(({ topic }) => [topic, `${prefix}.${topic}`])) as TopicNames;
  await createTopicsPatiently(admin, TOPIC_SPECS.map(({ topic, partitions }) => ({ topic: names[topic], numPartitions: partitions })));
  await untilEveryPartitionAnswers(admin, Object.values(names));
  return names;
}

/** A freshly created topic's metadata reaches the broker's every handler a little later than createTopics returns. */
async function untilEveryPartitionAnswers(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function deleteTopics(admin: Admin, topics: TopicNames): Promise<void> {
  await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
}

/** Encodes through the registry and publishes keyed by aggregate id, as the command side's relay does. */
export async function publishEvents(producer: Producer, codec: EventCodec, topics: TopicNames, events: readonly InventoryEvent[]): Promise<void> {
  // In slices, one after the other (so each aggregate's order holds): one request for a long history exceeds the broker's message size limit.
  for (let start = 0; start < events.length; start += PUBLISH_SLICE) {
    const encoded = await Promise.all(events.slice(start, start + PUBLISH_SLICE).map((event) => codec.encode(event)));
    const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
    for (const { topic, key, value, headers } of encoded) {
      const messages = byTopic.get(topics[topic]) ?? [];
      messages.push({ key, value, headers });
      byTopic.set(topics[topic], messages);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}

const PUBLISH_SLICE = 2000;

/** The metadata of an item event of `aggregateId` at `version` (a unit of work's checkpoint, say). */
export const metadataOf = (aggregateId: string, version: number): EventMetadata => ({
  eventId: randomUUID(), eventType: 'ItemMoved', aggregateId, aggregateVersion: version, occurredAt: Date.now(), actorId: 'tester', correlationId: randomUUID(), causationId: null,
});
