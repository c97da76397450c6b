import { DEAD_LETTER_HEADERS, EventDecodeError, type EventCodec, type EventMetadata, type InventoryEvent } from '@inventory/contracts';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { CHECKPOINTS, Checkpoints, advanceCheckpoint, appliedVersion } from './checkpoints.js';
import { evolveModels, firstLoads, modelHandles } from './document-model.js';
import type { ApplyOutcome, ProjectionMetrics } from './metrics.js';
import { isInfrastructureFailure } from './mongo-errors.js';
import type { Projection } from './projection.js';
import type { ReadModelSpace } from './read-models.js';
import type { DocumentCache } from './unit-of-work/document-cache.js';
import { UnitOfWork } from './unit-of-work/unit-of-work.js';

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
  /** Documents kept from one chunk to the next. */
  cache?: DocumentCache;
  /** Only this applier writes the space (a rebuild's fresh generation; see UnitOfWorkOptions.exclusive). */
  exclusive?: boolean;
  /** Called once a chunk's writes (checkpoints included) are in the store, e.g. to measure lag. */
  onWritten?: (handled: readonly Handled[], stats: ChunkStats) => void;
}

class VersionGapError extends Error {}

/** One message taken from its topic. */
export interface SourcedMessage {
  message: KafkaMessage;
  source: MessageSource;
}

/** What became of one message; the metadata of an applied event. */
export interface Handled {
  outcome: ApplyOutcome;
  event?: EventMetadata;
}

/** Where a chunk's time went: applying in memory (loads included) and writing back, over its rounds. */
export interface ChunkStats {
  messages: number;
  /** Units of work: 1 unless keys had to be redone. */
  rounds: number;
  applyMs: number;
  writeMs: number;
  /** Write-back time per collection (base name; the data collections are written side by side). */
  writeMsByCollection: Record<string, number>;
}

/** Rounds of a chunk's redone keys before giving up on it (the consumer then retries the batch). */
const MAX_ROUNDS = 5;

/** Applies messages exactly once per aggregate version, retrying, then dead-lettering what cannot be applied. */
export class EventApplier {
  readonly checkpoints: Checkpoints;

  constructor(private readonly options: ApplierOptions) {
    this.checkpoints = new Checkpoints(options.space, options.projection.checkpointHost);
  }

  /**
   * Applies a chunk in one unit of work: every key's messages in order, the keys side by side (so
   * their reads coalesce), then one write-back. Keys whose work the write-back could not keep (a
   * concurrent writer changed what they read) run again in a fresh unit of work. Metrics count
   * what was written. `progress` runs after each message (heartbeats).
   */
  async applyChunk(messages: readonly SourcedMessage[], progress?: () => Promise<void>): Promise<Handled[]> {
    const byKey = new Map<string, SourcedMessage[]>();
    for (const sourced of messages) {
      const key = sourced.message.key?.toString('utf8') ?? '';
      const queue = byKey.get(key);
      if (queue) queue.push(sourced);
      else byKey.set(key, [sourced]);
    }
    const handled = new Map<SourcedMessage, Handled>();
    const stats: ChunkStats = { messages: messages.length, rounds: 0, applyMs: 0, writeMs: 0, writeMsByCollection: {} };
    for (let keys = [...byKey.keys()]; keys.length > 0; ) {
      if (++stats.rounds > MAX_ROUNDS) throw new Error(`${keys.length} keys still clashed with concurrent writers after ${MAX_ROUNDS} rounds`);
      const { results, redo, failed } = await this.round(keys.map((key) => [key, byKey.get(key)!]), stats, progress);
      for (const [key, mine] of results) {
        if (redo.has(key)) continue;
        const error = failed.get(key);
        for (const [sourced, result] of mine) handled.set(sourced, error && result.outcome === 'applied' ? await this.refused(sourced, error) : result);
      }
      keys = keys.filter((key) => redo.has(key));
    }
    this.options.logger.debug(stats, 'chunk written');
    const outcomes = messages.map((sourced) => handled.get(sourced)!);
    for (const result of outcomes) this.count(result);
    this.checkpoints.written(outcomes.flatMap(({ event }) => (event ? [event] : [])));
    this.options.onWritten?.(outcomes, stats);
    return outcomes;
  }

  /** One unit of work over `queues` (per key, in order); returns each key's outcomes and the keys to redo. */
  private async round(queues: [string, SourcedMessage[]][], stats: ChunkStats, progress?: () => Promise<void>) {
    const started = performance.now();
    const { writeLast, checkpointHost: host } = this.options.projection;
    const work = new UnitOfWork(this.options.space, { writeLast, checkpoints: { collection: CHECKPOINTS, host }, cache: this.options.cache, exclusive: this.options.exclusive });
    const decoded = await this.prefetch(work, queues.flatMap(([, queue]) => queue));
    const results = new Map<string, Map<SourcedMessage, Handled>>();
    // allSettled: no key goes on working after another's failure has given up on the chunk.
    const settled = await Promise.allSettled(queues.map(async ([key, queue]) => {
      const mine = new Map<SourcedMessage, Handled>();
      for (const sourced of queue) {
        mine.set(sourced, await this.handle(sourced.message, sourced.source, work.spaceFor(key), decoded.get(sourced.message)));
        await progress?.();
      }
      results.set(key, mine);
    }));
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    const applied = performance.now();
    const { redo, failed } = await work.flush();
    stats.applyMs += applied - started;
    stats.writeMs += performance.now() - applied;
    for (const [base, ms] of Object.entries(work.writeMs)) stats.writeMsByCollection[base] = (stats.writeMsByCollection[base] ?? 0) + ms;
    return { results, redo, failed };
  }

  /**
   * Decodes the unit's messages and loads, all at once, what their events are known to touch
   * before running them: every aggregate's checkpoint (and checkpoint host document), every
   * document a model `reads` and every one its `idsOf` names (unless they depend on those reads),
   * one `_id: {$in}` per collection side by side. A unit of pure models thus costs one round trip
   * of loads however deep its keys' work goes (statement-based `apply` code still loads as it runs). What fails to decode here is
   * decoded again (and dealt with) when its message is handled.
   */
  private async prefetch(work: UnitOfWork, messages: readonly SourcedMessage[]): Promise<Map<KafkaMessage, InventoryEvent>> {
    const decoded = new Map<KafkaMessage, InventoryEvent>();
    await Promise.all(messages.map(async ({ message }) => {
      const event = await this.options.codec.decode(message).catch(() => undefined);
      if (event) decoded.set(message, event);
    }));
    const ids = new Map<string, Set<string>>();
    const wanted = (base: string) => ids.get(base) ?? ids.set(base, new Set()).get(base)!;
    const { checkpointHost } = this.options.projection;
    for (const event of decoded.values()) {
      wanted(CHECKPOINTS).add(event.metadata.aggregateId);
      if (checkpointHost !== undefined) wanted(checkpointHost).add(event.metadata.aggregateId);
      for (const model of this.options.projection.models) {
        if (!modelHandles(model, event)) continue;
        for (const { collection, id } of firstLoads(model, event)) wanted(collection).add(id);
      }
    }
    await Promise.all([...ids].map(([base, set]) => work.buffer(base).entriesFor([...set])));
    return decoded;
  }

  /**
   * An applied event of a key whose write-back the store refused for one document (too large, say):
   * its checkpoint was not written, so it is dead-lettered like an event that failed to apply (and
   * its aggregate's later versions follow as gaps), while the rest of the unit committed.
   */
  private async refused({ message, source }: SourcedMessage, error: Error): Promise<Handled> {
    await this.deadLetter(message, source, error);
    return { outcome: 'dead_lettered' };
  }

  private count({ outcome, event }: Handled): void {
    const { metrics, projection } = this.options;
    if (outcome === 'applied') metrics.applied(projection.name, event!.occurredAt);
    else if (outcome === 'skipped') metrics.events.inc({ projection: projection.name, outcome });
  }

  /** One message through `space` (a unit of work's); dead-letters right away what cannot be applied. */
  private async handle(message: KafkaMessage, source: MessageSource, space: ReadModelSpace, decoded?: InventoryEvent): Promise<Handled> {
    const { maxAttempts = 3, retryDelayMs = 100 } = this.options;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return await this.applyOnce(attempt === 1 && decoded ? decoded : await this.options.codec.decode(message), space);
      } catch (error) {
        if (isInfrastructureFailure(error)) throw error; // retried by the consumer, offsets stay uncommitted
        lastError = error;
        if (error instanceof VersionGapError || error instanceof EventDecodeError) break; // retrying cannot help
        if (attempt < maxAttempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
    await this.deadLetter(message, source, lastError);
    return { outcome: 'dead_lettered' };
  }

  private async applyOnce(event: InventoryEvent, space: ReadModelSpace): Promise<Handled> {
    const { projection, metrics, logger } = this.options;
    const { aggregateId, aggregateVersion } = event.metadata;
    const applied = await appliedVersion(space, aggregateId);
    if (aggregateVersion <= applied) return { outcome: 'skipped' };
    if (aggregateVersion > applied + 1) {
      // An earlier version was lost or dead-lettered: applying this one would build on a state we never saw.
      metrics.versionGaps.inc({ projection: projection.name });
      logger.error({ aggregateId, aggregateVersion, applied, eventType: event.type }, 'aggregate version gap: event not applied');
      throw new VersionGapError(`version gap on ${aggregateId}: applied ${applied}, received ${aggregateVersion}`);
    }
    await evolveModels(projection.models, event, space);
    advanceCheckpoint(space, event.metadata);
    return { outcome: 'applied', event: event.metadata };
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

/**
 * One event through `projection` into `space` in a unit of work of its own: for tests and tools
 * that feed a space directly. No checkpoint unless `checkpoint` (then the one the runner would
 * write, where it would: in the host document or the checkpoints collection); no version check either way (the runner's, see EventApplier).
 */
export async function applyEvent(projection: Projection, event: InventoryEvent, space: ReadModelSpace, { checkpoint = false } = {}): Promise<void> {
  const work = new UnitOfWork(space, { writeLast: projection.writeLast, checkpoints: { collection: CHECKPOINTS, host: projection.checkpointHost } });
  const tag = event.metadata.aggregateId;
  await evolveModels(projection.models, event, work.spaceFor(tag));
  if (checkpoint) advanceCheckpoint(work.spaceFor(tag), event.metadata);
  const { redo, failed } = await work.flush();
  if (redo.size > 0 || failed.size > 0) throw failed.get(tag) ?? new Error(`${event.type} ${event.metadata.eventId} clashed with a concurrent writer`);
}
