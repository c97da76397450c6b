import type { Admin } from 'kafkajs';

export interface CatchUpProgress {
  /** Messages up to the committed offsets, summed over partitions. */
  done: number;
  /** Messages up to the high watermarks taken when waiting began. */
  total: number;
}

/**
 * The broker's longest hold of an empty fetch for a consumer that stops once caught up (a rebuild, a
 * replay): disconnecting waits out the fetch in flight, kafkajs' default 5 s of it otherwise.
 */
export const STOPPING_MAX_WAIT_MS = 100;

/**
 * Waits until `groupId` has committed offsets at or past the high watermarks of `topics` as they
 * were when the wait began (what arrives later is not waited for).
 */
export async function waitUntilCaughtUp(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
  { timeoutMs = 600_000, pollMs = 200, onProgress }: { timeoutMs?: number; pollMs?: number; onProgress?: (progress: CatchUpProgress) => void } = {},
): Promise<void> {
  const targets = (await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, low: Number(p.low), high: Number(p.high) }))))).flat();
  const total = targets.reduce((sum, t) => sum + t.high - t.low, 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const committed = new Map<string, number>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
      for (const { partition, offset } of partitions) committed.set(`${topic}/${partition}`, Number(offset));
    }
    // -1: nothing committed yet on that partition.
    const done = targets.reduce((sum, t) => sum + Math.min(t.high, Math.max(t.low, committed.get(`${t.topic}/${t.partition}`) ?? -1)) - t.low, 0);
    onProgress?.({ done, total });
    if (done >= total) return;
    if (Date.now() > deadline) throw new Error(`${groupId} did not catch up within ${timeoutMs} ms (${done}/${total})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
