import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { EventCodec, InventoryEvent } from '@inventory/contracts';
import type { AggregateDocument, WriteModel } from '../store/documents.js';

export interface RelayOptions {
  kafka: Kafka;
  codec: EventCodec;
  model: WriteModel;
  /** Safety net for wake-ups lost to a crash or another instance's writes. */
  pollMs?: number;
  batchDocuments?: number;
  onError?: (error: unknown) => void;
}

/**
 * Publishes every outbox event, then removes exactly those from their document. Crash after
 * publishing and before removing ⇒ the event is published again (at-least-once; consumers dedupe
 * by eventId). Per-aggregate order holds: a document's events are sent in outbox order, keyed by
 * aggregate id, by an idempotent producer (one in-flight request, so retries never reorder).
 */
export class OutboxRelay {
  private readonly producer: Producer;
  private running = false;
  private wanted = false;
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

  /** Called after each committed write: publish now rather than at the next poll. */
  wake(): void {
    this.wanted = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.producer.disconnect();
  }

  /** One pass over every aggregate collection; returns how many events went out. */
  async drainOnce(): Promise<number> {
    const { model } = this.options;
    const counts = await Promise.all([model.items, model.locations, model.locationTypes, model.itemTypes].map((collection) => this.drain(collection as unknown as Collection<AggregateDocument>)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wanted = false;
      try {
        if ((await this.drainOnce()) > 0) continue;
      } catch (error) {
        this.options.onError?.(error);
      }
      if (this.wanted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 500);
        this.wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this.wakeUp = undefined;
    }
  }

  private async drain(collection: Collection<AggregateDocument>): Promise<number> {
    const docs = await collection.find({ 'outbox.0': { $exists: true } }, { projection: { outbox: 1 }, limit: this.options.batchDocuments ?? 500 }).toArray();
    if (docs.length === 0) return 0;
    const events = docs.flatMap((doc) => doc.outbox.map((json) => JSON.parse(json) as InventoryEvent));
    const encoded = await Promise.all(events.map((event) => this.options.codec.encode(event)));
    const byTopic = new Map<string, typeof encoded>();
    for (const message of encoded) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await this.producer.sendBatch({
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages: messages.map(({ key, value, headers }) => ({ key, value, headers })) })),
    });
    const published: AnyBulkWriteOperation<AggregateDocument>[] = docs.map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $pullAll: { outbox: doc.outbox } } } }));
    await collection.bulkWrite(published, { ordered: false });
    return events.length;
  }
}
