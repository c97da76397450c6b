import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { Collection, Filter } from 'mongodb';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventCodec, InventoryEvent } from '@inventory/contracts';
import { withWriteRetry } from '@inventory/platform';
import { isInfrastructureFailure } from '@inventory/projection';
import type { AggregateCollectionName, AggregateDocument, WriteModel } from '../store/documents.js';
import { PENDING_OUTBOX, QUARANTINED_OUTBOX } from '../store/indexes.js';
import { forgetHeldOps } from '../store/holds.js';
import { publishedEventIds } from './published-events.js';

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
  /** Told about every document set aside because its events cannot be encoded or published. */
  onQuarantine?: (family: AggregateCollectionName, id: string, error: unknown) => void;
  /** Where the outbox gauges and the quarantine counter go (the service's /metrics registry). */
  metrics?: Registry;
  /** Bound on reading back a topic's recent events before publishing again (default 60 s; past it, publish anyway). */
  checkTimeoutMs?: number;
}

/**
 * Whether publishing failed because of what the documents hold (an event that does not parse or
 * encode, a message the broker refuses for good, e.g. too large), not because the broker, the
 * registry or the store is unreachable: only then is a document quarantined.
 */
export function isPoison(error: unknown): boolean {
  if (isInfrastructureFailure(error)) return false;
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'KafkaJSProtocolError') return (cause as Error & { retriable?: boolean }).retriable === false;
    if (cause.name.startsWith('KafkaJS')) return false;
  }
  return true;
}

const FAMILIES: readonly AggregateCollectionName[] = ['items', 'locations', 'locationTypes', 'itemTypes'];

/**
 * How long a pull waits, once the events are published, for the commands' holds to be settled
 * (they usually are by then): past it, their held ops get a pull of their own.
 */
const SETTLE_WAIT_MS = 50;

/** Held ops a command of this process is settling on one document (see CommandStore.wake). */
interface Settling {
  forgettable: Promise<readonly string[]>;
  ops?: readonly string[];
}

/**
 * Publishes every outbox event, then removes exactly those from their document. A crash after
 * publishing and before removing (or a send or removal that failed halfway) leaves events in the
 * outbox that may be on the stream already: so after its start and after any failed pass, until a
 * sweep has drained every outbox, the relay reads back what each topic got since the oldest event
 * it is about to send (`publishedEventIds`) and skips what is there, and an event reaches the stream
 * once. Only if that read fails does it publish anyway (at least once; consumers still dedupe by
 * eventId), so a broken read never stalls the outbox. Per-aggregate order holds: a document's events are sent in outbox order, keyed by
 * aggregate id, by an idempotent producer (one in-flight request, so retries never reorder).
 *
 * Handlers announce what they committed (`wake`), so a pass reads just those documents by `_id`;
 * the periodic sweep catches the rest. The pull of the published events also drops the document's
 * held ops its commands have settled meanwhile (see holds.ts): one write instead of two.
 */
export class OutboxRelay {
  private readonly producer: Producer;
  private readonly announced = new Map<AggregateCollectionName, Set<string>>(FAMILIES.map((family) => [family, new Set()]));
  /** Per `family/id`: held ops being settled, to be dropped by the pull of its published events. */
  private readonly settling = new Map<string, Settling[]>();
  private running = false;
  private wanted = false;
  private nextSweepAt = 0;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** Whether events in the outbox may already be on the stream: from the start, and again after any failed pass. */
  private uncertain = true;
  /** While uncertain: the event ids each topic holds since a moment, read once and widened when an older event comes. */
  private readonly onStream = new Map<string, { sinceMs: number; ids: Set<string> }>();

  private readonly quarantined: Counter<'family'> | undefined;

  constructor(private readonly options: RelayOptions) {
    this.producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const registers = options.metrics ? [options.metrics] : [];
    if (registers.length === 0) return;
    this.quarantined = new Counter({ name: 'outbox_quarantined_total', help: 'Documents the relay set aside because their events cannot be encoded or published', labelNames: ['family'], registers });
    for (const family of FAMILIES) this.quarantined.inc({ family }, 0);
    const collections = FAMILIES.map((family) => [family, this.collectionOf(family)] as const);
    new Gauge({
      name: 'outbox_quarantined_documents', help: 'Documents whose outbox is quarantined now (outboxQuarantine set; unset it to retry)', labelNames: ['family'], registers,
      async collect() {
        for (const [family, collection] of collections) this.set({ family }, await collection.countDocuments(QUARANTINED_OUTBOX));
      },
    });
    new Gauge({
      name: 'outbox_pending_documents', help: 'Documents with events not yet published (outbox depth)', labelNames: ['family'], registers,
      async collect() {
        for (const [family, collection] of collections) this.set({ family }, await collection.countDocuments(PENDING_OUTBOX));
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds', help: 'Now minus the last change of the longest-waiting document with unpublished events (0: none)', labelNames: ['family'], registers,
      async collect() {
        for (const [family, collection] of collections) {
          const [oldest] = await collection.find(PENDING_OUTBOX, { projection: { updatedAt: 1 }, sort: { updatedAt: 1 }, limit: 1 }).toArray();
          this.set({ family }, oldest ? Math.max(0, (Date.now() - oldest.updatedAt.getTime()) / 1000) : 0);
        }
      },
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  /** Called after each committed write: publish that document's events now (and drop its held ops once `forgettable` says which). */
  wake(family: AggregateCollectionName, id: string, forgettable?: Promise<readonly string[]>): void {
    if (forgettable) {
      const entry: Settling = { forgettable };
      void forgettable.then((ops) => { entry.ops = ops; });
      const key = `${family}/${id}`;
      this.settling.set(key, [...(this.settling.get(key) ?? []), entry]);
    }
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
          // Every outbox drained with no failure since: nothing left that may be on the stream already.
          this.uncertain = false;
          this.onStream.clear();
        }
        if ((await this.drainAnnounced()) > 0) continue;
      } catch (error) {
        this.options.onError?.(error);
        // What failed may have reached the stream after what was read back: read again.
        this.uncertain = true;
        this.onStream.clear();
        this.nextSweepAt = 0;
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
      } catch (error) {
        for (const id of ids) pending.add(id);
        throw error;
      }
      // Drained by someone else, or quarantined: what these documents settle gets a pull of its own.
      for (const id of ids) if (!pending.has(id)) this.forgetApart(id, this.takeSettling(family, id));
      return ids.length;
    }));
    return drained.reduce((sum, documents) => sum + documents, 0);
  }

  /** Publishes the outboxes of up to one batch of matching documents; returns how many documents. */
  /** Every family's collection seen through the fields the relay reads and writes. */
  private collectionOf(family: AggregateCollectionName): Collection<AggregateDocument> {
    return this.options.model[family] as unknown as Collection<AggregateDocument>;
  }

  private async drain(family: AggregateCollectionName, filter: Filter<AggregateDocument>): Promise<number> {
    const collection = this.collectionOf(family);
    const docs = await collection.find({ ...filter, ...PENDING_OUTBOX, outboxQuarantine: { $exists: false } }, { projection: { outbox: 1 }, limit: this.batch }).toArray();
    if (docs.length === 0) return 0;
    const published = await this.publishOrQuarantine(family, docs);
    if (published.length === 0) return docs.length;
    const ops = await this.settledOps(family, published.map((doc) => doc._id));
    // One statement for the batch: each document drops exactly the published events it holds
    // (every event's JSON is unique) and the settled ops (ids: unique), and keeps whatever was appended meanwhile.
    await withWriteRetry(() => collection.updateMany({ _id: { $in: published.map((doc) => doc._id) } }, { $pullAll: { outbox: published.flatMap((doc) => doc.outbox), ...(ops.length > 0 && { heldOps: ops }) } }));
    return docs.length;
  }

  private takeSettling(family: AggregateCollectionName, id: string): Settling[] {
    const key = `${family}/${id}`;
    const entries = this.settling.get(key) ?? [];
    this.settling.delete(key);
    return entries;
  }

  /** The held ops of these documents settled by now, or within SETTLE_WAIT_MS; the rest get a pull apart. */
  private async settledOps(family: AggregateCollectionName, ids: readonly string[]): Promise<string[]> {
    const entries = ids.map((id) => [id, this.takeSettling(family, id)] as const);
    const unsettled = entries.flatMap(([, settling]) => settling.filter((entry) => !entry.ops));
    if (unsettled.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(unsettled.map((entry) => entry.forgettable)), new Promise((resolve) => { timer = setTimeout(resolve, SETTLE_WAIT_MS); })]);
      clearTimeout(timer);
    }
    const ops: string[] = [];
    for (const [id, settling] of entries) {
      ops.push(...settling.flatMap((entry) => entry.ops ?? []));
      this.forgetApart(id, settling.filter((entry) => !entry.ops));
    }
    return ops;
  }

  /** Drops held ops settled after their item's pull, each in a write of its own (harmless if it fails: see forgetHeldOps). */
  private forgetApart(id: string, entries: readonly Settling[]): void {
    for (const { forgettable } of entries) {
      void forgettable.then(async (ops) => {
        if (ops.length > 0) await forgetHeldOps(this.options.model, ops.map((op) => ({ itemId: id, op })));
      }).catch((error: unknown) => this.options.onError?.(error));
    }
  }

  /**
   * Publishes the documents' events; returns the documents published. If the batch fails because of
   * what a document holds, the documents go one by one and each poisoned one is quarantined: its
   * events stay in its outbox (in order, with whatever it commits later) until an operator unsets
   * `outboxQuarantine`. An outage is thrown, so the pass is retried later.
   */
  private async publishOrQuarantine(family: AggregateCollectionName, docs: AggregateDocument[]): Promise<AggregateDocument[]> {
    try {
      await this.publish(docs);
      return docs;
    } catch (error) {
      if (!isPoison(error)) throw error;
      if (docs.length > 1) {
        const published: AggregateDocument[] = [];
        for (const doc of docs) published.push(...await this.publishOrQuarantine(family, [doc]));
        return published;
      }
      const collection = this.collectionOf(family);
      await collection.updateOne({ _id: docs[0]!._id }, { $set: { outboxQuarantine: { error: error instanceof Error ? error.message : String(error), at: new Date() } } });
      this.quarantined?.inc({ family });
      this.options.onQuarantine?.(family, docs[0]!._id, error);
      return [];
    }
  }

  private async publish(docs: readonly AggregateDocument[]): Promise<void> {
    const events = docs.flatMap((doc) => doc.outbox.map((json) => JSON.parse(json) as InventoryEvent));
    const encoded = await Promise.all(events.map(async (event) => ({ event, message: await this.options.codec.encode(event) })));
    const byTopic = new Map<string, typeof encoded>();
    for (const entry of encoded) byTopic.set(entry.message.topic, [...(byTopic.get(entry.message.topic) ?? []), entry]);
    if (this.uncertain) {
      for (const [topic, entries] of byTopic) {
        const onStream = await this.eventsOnStream(topic, Math.min(...entries.map(({ event }) => event.metadata.occurredAt)));
        byTopic.set(topic, entries.filter(({ event }) => !onStream.has(event.metadata.eventId)));
      }
    }
    const messages = [...byTopic].filter(([, entries]) => entries.length > 0);
    if (messages.length === 0) return;
    await this.producer.sendBatch({
      compression: CompressionTypes.None,
      topicMessages: messages.map(([topic, entries]) => ({ topic, messages: entries.map(({ message: { key, value, headers } }) => ({ key, value, headers })) })),
    });
  }

  /** The ids on the topic since the moment (or earlier); empty when reading them back fails (then: at least once). */
  private async eventsOnStream(topic: string, sinceMs: number): Promise<Set<string>> {
    const known = this.onStream.get(topic);
    if (known && known.sinceMs <= sinceMs) return known.ids;
    try {
      const ids = await publishedEventIds(this.options.kafka, topic, sinceMs, this.options.checkTimeoutMs ?? 60_000);
      this.onStream.set(topic, { sinceMs, ids });
      return ids;
    } catch (error) {
      this.options.onError?.(error);
      return new Set();
    }
  }
}
