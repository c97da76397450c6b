import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { EVENT_HEADERS, whileLeadersSettle } from '@inventory/contracts';

/** How far before an event's occurrence its message may be stamped (the relay stamps it later, on the same clock). */
const CLOCK_MARGIN_MS = 60_000;

/**
 * The ids of the events already on a topic since a moment: what a relay that may have published
 * without removing (it crashed, or a send or removal failed) reads before publishing again, so an
 * event reaches the stream once. One throwaway consumer group per read, nothing committed; the read
 * stops at the high watermarks seen when it began (what came later is the relay's own).
 */
export async function publishedEventIds(kafka: Kafka, topic: string, sinceMs: number, timeoutMs: number): Promise<Set<string>> {
  const ids = new Set<string>();
  const admin = kafka.admin();
  await admin.connect();
  let starts: { partition: number; offset: string }[];
  let ends: Map<number, bigint>;
  try {
    starts = await whileLeadersSettle(() => admin.fetchTopicOffsetsByTimestamp(topic, Math.max(0, sinceMs - CLOCK_MARGIN_MS)));
    ends = new Map((await whileLeadersSettle(() => admin.fetchTopicOffsets(topic))).map(({ partition, high }) => [partition, BigInt(high)]));
  } finally {
    await admin.disconnect();
  }
  // A partition with nothing at or after the moment answers -1 or its end: nothing to read there.
  const unread = starts.filter(({ partition, offset }) => BigInt(offset) >= 0n && BigInt(offset) < ends.get(partition)!);
  if (unread.length === 0) return ids;
  const remaining = new Set(unread.map(({ partition }) => partition));
  const consumer = kafka.consumer({ groupId: `outbox-relay-check-${randomUUID()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    let finished!: () => void;
    const done = new Promise<void>((resolve) => { finished = resolve; });
    await consumer.subscribe({ topic });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition)!;
        for (const message of batch.messages) {
          const eventId = message.headers?.[EVENT_HEADERS.eventId];
          if (BigInt(message.offset) < end && eventId) ids.add(eventId.toString());
        }
        if (BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
        if (remaining.size === 0) finished();
      },
    });
    for (const { partition, offset } of unread) consumer.seek({ topic, partition, offset });
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`reading ${topic}'s recent events took over ${timeoutMs} ms`)), timeoutMs); });
    try {
      await Promise.race([done, expired]);
    } finally {
      clearTimeout(timer);
    }
    return ids;
  } finally {
    await consumer.disconnect();
  }
}
