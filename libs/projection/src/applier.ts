import { DEAD_LETTER_HEADERS, EventDecodeError, type EventCodec } from '@inventory/contracts';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { Checkpoints } from './checkpoints.js';
import type { ApplyOutcome, ProjectionMetrics } from './metrics.js';
import { isInfrastructureFailure } from './mongo-errors.js';
import type { Projection } from './projection.js';
import type { ReadModelSpace } from './read-models.js';

/** Where a message was read from, for logs and dead-letter headers. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

export interface ApplierOptions {
  projection: Projection;
  space: ReadModelSpace;
  codec: EventCodec;
  producer: Producer;
  deadLetterTopic: string;
  groupId: string;
  metrics: ProjectionMetrics;
  logger: Logger;
  /** Attempts per event before it is dead-lettered (decode or apply errors). */
  maxAttempts?: number;
  retryDelayMs?: number;
}

class VersionGapError extends Error {}

/** Applies one message exactly once per aggregate version, retrying, then dead-lettering what cannot be applied. */
export class EventApplier {
  readonly checkpoints: Checkpoints;

  constructor(private readonly options: ApplierOptions) {
    this.checkpoints = new Checkpoints(options.space);
  }

  async handle(message: KafkaMessage, source: MessageSource): Promise<ApplyOutcome> {
    const { maxAttempts = 3, retryDelayMs = 100, metrics, projection } = this.options;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const outcome = await this.applyOnce(message);
        if (outcome === 'skipped') metrics.events.inc({ projection: projection.name, outcome });
        return outcome;
      } catch (error) {
        if (isInfrastructureFailure(error)) throw error; // retried by the consumer, offsets stay uncommitted
        lastError = error;
        if (error instanceof VersionGapError || error instanceof EventDecodeError) break; // retrying cannot help
        if (attempt < maxAttempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
    await this.deadLetter(message, source, lastError);
    return 'dead_lettered';
  }

  private async applyOnce(message: KafkaMessage): Promise<ApplyOutcome> {
    const { codec, projection, space, metrics, logger } = this.options;
    const event = await codec.decode(message);
    const { aggregateId, aggregateVersion, occurredAt } = event.metadata;
    const applied = await this.checkpoints.appliedVersion(aggregateId);
    if (aggregateVersion <= applied) return 'skipped';
    if (aggregateVersion > applied + 1) {
      // An earlier version was lost or dead-lettered: applying this one would build on a state we never saw.
      metrics.versionGaps.inc({ projection: projection.name });
      logger.error({ aggregateId, aggregateVersion, applied, eventType: event.type }, 'aggregate version gap: event not applied');
      throw new VersionGapError(`version gap on ${aggregateId}: applied ${applied}, received ${aggregateVersion}`);
    }
    await projection.apply(event, space);
    await this.checkpoints.advance(event.metadata);
    metrics.applied(projection.name, occurredAt);
    return 'applied';
  }

  private async deadLetter(message: KafkaMessage, source: MessageSource, error: unknown): Promise<void> {
    const { producer, deadLetterTopic, groupId, metrics, projection, logger } = this.options;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const headers: IHeaders = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: source.offset,
      [DEAD_LETTER_HEADERS.consumerGroup]: groupId,
      [DEAD_LETTER_HEADERS.error]: reason.slice(0, 2000),
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
    };
    await producer.send({ topic: deadLetterTopic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
    metrics.events.inc({ projection: projection.name, outcome: 'dead_lettered' });
    logger.warn({ ...source, error: reason }, 'event dead-lettered');
  }
}
