import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '@inventory/platform';
import type { AuditRecord, AuditSink } from './audit-log.js';

export interface AuditQueueOptions {
  /** Records held before state-changing requests wait for room (backpressure, never dropping). */
  capacity: number;
  batchSize: number;
  /** Longest a record waits for others to share its write (a store round trip costs more than the request). */
  flushDelayMs: number;
  retryDelayMs: number;
}

/**
 * Write-behind for audit records: responses do not wait for the store. Records are written in
 * arrival order, in batches: a record waits at most `flushDelayMs` (plus a write under way) so that
 * the records of that span share one insert; a full batch, a `flushed()` caller or `close` has
 * the queue written at once. Failed writes are retried until the store takes them. Nothing is
 * dropped while running: when `capacity` records are waiting, new state-changing requests wait in
 * `whenRoom` (records of requests already admitted are still taken, so the queue holds at most
 * capacity + requests in flight). `close` writes what is left; only if the store still fails then
 * are the remaining records lost, and logged one by one.
 */
export class AuditQueue {
  private readonly queue: AuditRecord[] = [];
  private appended = 0;
  private written = 0;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly writtenWaiters: { upTo: number; resolve: () => void }[] = [];

  constructor(private readonly sink: AuditSink, private readonly logger: Logger, private readonly options: AuditQueueOptions) {}

  /** Records appended and not yet stored (waiting or in the write under way): the audit_queue_depth gauge. */
  get depth(): number {
    return this.appended - this.written;
  }

  whenRoom(): Promise<void> {
    if (this.queue.length < this.options.capacity) return Promise.resolve();
    const room = new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    this.writeSoon();
    return room;
  }

  append(record: AuditRecord): void {
    this.queue.push(record);
    this.appended++;
    this.writeSoon();
  }

  /** Resolves once every record appended before the call is stored (read-your-writes for GET /audit). */
  flushed(): Promise<void> {
    const upTo = this.appended;
    if (this.written >= upTo) return Promise.resolve();
    const stored = new Promise<void>((resolve) => this.writtenWaiters.push({ upTo, resolve }));
    this.writeSoon();
    return stored;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.writeSoon();
    while (this.writing) await this.writing;
  }

  /** Someone waits for the store, or waiting longer would not make the batch larger. */
  private isUrgent(): boolean {
    return this.closing || this.writtenWaiters.length > 0 || this.roomWaiters.length > 0 || this.queue.length >= this.options.batchSize;
  }

  /** Starts a write now if urgent, else within flushDelayMs; a write under way takes up what waits when it ends. */
  private writeSoon(): void {
    if (this.writing || this.queue.length === 0) return;
    if (!this.isUrgent()) {
      this.timer ??= setTimeout(() => this.startWriting(), this.options.flushDelayMs);
      return;
    }
    this.startWriting();
  }

  private startWriting(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
      this.writeSoon();
    });
  }

  /** Writes batches while it is urgent, at least one. */
  private async drain(): Promise<void> {
    do {
      const batch = this.queue.slice(0, this.options.batchSize);
      try {
        await this.sink.appendMany(batch);
      } catch (error) {
        if (!this.closing) {
          this.logger.error({ err: error, waiting: this.queue.length }, 'audit store failed: retrying');
          await delay(this.options.retryDelayMs);
          continue;
        }
        for (const record of this.queue) this.logger.error({ err: error, record }, 'audit record lost');
        this.written += this.queue.length; // settled, so nobody waits for them
        this.queue.length = 0;
        break;
      }
      this.queue.splice(0, batch.length);
      this.written += batch.length;
      this.wakeWaiters();
    } while (this.queue.length > 0 && this.isUrgent());
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    while (this.roomWaiters.length > 0 && this.queue.length < this.options.capacity) this.roomWaiters.shift()!();
    for (const waiter of this.writtenWaiters.filter(({ upTo }) => this.written >= upTo)) {
      this.writtenWaiters.splice(this.writtenWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
