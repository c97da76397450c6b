import { DEAD_LETTER_HEADERS } from '@inventory/contracts';
import type { IHeaders } from 'kafkajs';
import type { ApplyOutcome } from './metrics.js';
import { STOPPING_MAX_WAIT_MS, waitUntilCaughtUp } from './catch-up.js';
import { ProjectionRunner, type RunnerOptions } from './runner.js';

export type ReplayCounts = Record<ApplyOutcome, number>;

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value)?.toString('utf8');
};

/**
 * Re-applies what `groupId` (the live group of `generation`) dead-lettered, in dead-letter order,
 * through the same idempotent path: already-applied versions are skipped, what still fails is
 * dead-lettered again (after the current end, so the next replay sees it). Stops at the end of the
 * dead-letter topic as it was when the replay began; a replay group remembers where it got to.
 */
export async function replayDeadLetters(options: RunnerOptions): Promise<ReplayCounts> {
  const live = new ProjectionRunner(options);
  const replayGroupId = `${live.groupId}.dlq-replay`;
  const deadLetterTopic = live.deadLetterTopic;
  const counts: ReplayCounts = { applied: 0, skipped: 0, dead_lettered: 0 };
  const consumer = options.kafka.consumer({ groupId: replayGroupId, allowAutoTopicCreation: false, maxWaitTimeInMs: STOPPING_MAX_WAIT_MS });
  const admin = options.kafka.admin();
  await Promise.all([live.connectProducer(), consumer.connect(), admin.connect()]);
  try {
    await options.projection.setup(live.space);
    await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
    await consumer.run({
      autoCommitThreshold: 1,
      eachMessage: async ({ message }) => {
        if (headerText(message.headers, DEAD_LETTER_HEADERS.consumerGroup) !== live.groupId) return;
        const source = {
          topic: headerText(message.headers, DEAD_LETTER_HEADERS.sourceTopic) ?? deadLetterTopic,
          partition: Number(headerText(message.headers, DEAD_LETTER_HEADERS.sourcePartition) ?? -1),
          offset: headerText(message.headers, DEAD_LETTER_HEADERS.sourceOffset) ?? '-1',
        };
        const [handled] = await live.applier.applyChunk([{ message, source }]);
        counts[handled!.outcome] += 1;
      },
    });
    await waitUntilCaughtUp(admin, replayGroupId, [deadLetterTopic]);
  } finally {
    await Promise.allSettled([consumer.disconnect(), admin.disconnect(), live.stop()]);
  }
  return counts;
}
