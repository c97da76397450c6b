import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { Collection, Filter } from 'mongodb';
import type { EventCodec, InventoryEvent } from '@inventory/contracts';
import type { AggregateCollectionName, AggregateDocument, WriteModel } from '../store/documents.js';

export interface RelayOptions {
  kafka: Kafka;
  codec: EventCodec;
  model: WriteModel;
  /**
   * How often to scan every aggregate collection for outboxes nobody announced (another instance
   * died after committing). A scan reads whole collections on stores without a usable index, so
   * it is rare; the relay also scans once at start, which covers its own previous crash.
   */
  sweepMs?: number;
  batchDocuments?: number;
  onError?: (error: unknown) => void;
}

const FAMILIES: readonly AggregateCollectionName[] = ['items', 'locations', 'locationTypes', 'itemTypes'];

/**
 * Publishes every outbox event, then removes exactly those from their document. Crash after
 * publishing and before removing ⇒ the event is published again (at-least-once; consumers dedupe
 * by eventId). Per-aggregate order holds: a document's events are sent in outbox order, keyed by
 * aggregate id, by an idempotent producer (one in-flight request, so retries never reorder).
 *
 * Handlers announce what they committed (`wake`), so a pass reads just those documents by `_id`;
 * the periodic sweep catches the rest.
 */
export class OutboxRelay {
  private readonly producer: Producer;
  private readonly announced = new Map<AggregateCollectionName, Set<string>>(FAMILIES.map((family) => [family, new Set()]));
  private running = false;
  private wanted = false;
  private nextSweepAt = 0;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: RelayOptions) {
    this.producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  /** Called after each committed write: publish that document's events now. */
  wake(family: AggregateCollectionName, id: string): void {
    this.announced.get(family)!.add(id);
    this.wanted = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.producer.disconnect();
  }

  private get batch(): number {
    return this.options.batchDocuments ?? 500;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wanted = false;
      try {
        if (Date.now() >= this.nextSweepAt) {
          if (await this.sweepPass()) continue;
          this.nextSweepAt = Date.now() + (this.options.sweepMs ?? 30_000);
        }
        if ((await this.drainAnnounced()) > 0) continue;
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (this.wanted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, this.nextSweepAt - Date.now()));
        this.wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this.wakeUp = undefined;
    }
  }

  /** One scan of every aggregate collection; true while a batch comes back full (more may wait). */
  private async sweepPass(): Promise<boolean> {
    const drained = await Promise.all(FAMILIES.map((family) => this.drain(family, {})));
    return drained.some((documents) => documents === this.batch);
  }

  /** Drains announced documents (one batch per family); on failure they stay announced. */
  private async drainAnnounced(): Promise<number> {
    const drained = await Promise.all(FAMILIES.map(async (family) => {
      const pending = this.announced.get(family)!;
      const ids = [...pending].slice(0, this.batch);
      if (ids.length === 0) return 0;
      for (const id of ids) pending.delete(id);
      try {
        await this.drain(family, { _id: { $in: ids } });
        return ids.length;
      } catch (error) {
        for (const id of ids) pending.add(id);
        throw error;
      }
    }));
    return drained.reduce((sum, documents) => sum + documents, 0);
  }

  /** Publishes the outboxes of up to one batch of matching documents; returns how many documents. */
  private async drain(family: AggregateCollectionName, filter: Filter<AggregateDocument>): Promise<number> {
    const collection = this.options.model[family] as unknown as Collection<AggregateDocument>;
    const docs = await collection.find({ ...filter, 'outbox.0': { $exists: true } }, { projection: { outbox: 1 }, limit: this.batch }).toArray();
    if (docs.length === 0) return 0;
    const events = docs.flatMap((doc) => doc.outbox.map((json) => JSON.parse(json) as InventoryEvent));
    const encoded = await Promise.all(events.map((event) => this.options.codec.encode(event)));
    const byTopic = new Map<string, typeof encoded>();
    for (const message of encoded) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await this.producer.sendBatch({
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages: messages.map(({ key, value, headers }) => ({ key, value, headers })) })),
    });
    // One statement for the batch: each document drops exactly the published events it holds
    // (every event's JSON is unique), and keeps whatever was appended meanwhile.
    await collection.updateMany({ _id: { $in: docs.map((doc) => doc._id) } }, { $pullAll: { outbox: docs.flatMap((doc) => doc.outbox) } });
    return docs.length;
  }
}
