import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@inventory/platform';
import type { AuditRecord, AuditSink } from './audit-log.js';
import { AuditQueue } from './audit-queue.js';

const record = (): AuditRecord => ({
  _id: randomUUID(), at: new Date(), userId: null, username: null, action: 'moveItem', method: 'POST', path: '/api/v1/moves',
  targetId: null, outcome: 'SUCCEEDED', status: 201, errorCode: null, correlationId: randomUUID(), ip: null,
});

/** A store whose writes finish only when the test says so, and that can fail on demand. */
class HeldSink implements AuditSink {
  readonly stored = new Map<string, AuditRecord>();
  readonly pending: (() => void)[] = [];
  failNext = 0;

  appendMany(records: AuditRecord[]): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push(() => {
      // Like a write that reached the store but whose answer was lost: the retry meets these ids again.
      for (const each of records) this.stored.set(each._id, each);
      if (this.failNext-- > 0) reject(new Error('store hiccup')); else resolve();
    }));
  }

  async release(): Promise<void> {
    while (this.pending.length > 0) {
      this.pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

const logger = createLogger('audit-queue-test', 'silent');
const options = { capacity: 3, batchSize: 2, flushDelayMs: 0, retryDelayMs: 1 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('audit queue (write-behind)', function () {
  it('close() waits until every queued record is stored: nothing is lost on graceful shutdown', async function () {
    const sink = new HeldSink();
    const queue = new AuditQueue(sink, logger, options);
    const records = [record(), record(), record(), record(), record()];
    for (const each of records) queue.append(each);
    let closed = false;
    const closing = queue.close().then(() => { closed = true; });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, false, 'close() returned with writes still pending');
    await sink.release();
    await sink.release();
    await closing;
    assert.deepEqual([...sink.stored.keys()].sort(), records.map((each) => each._id).sort());
  });

  it('retries a failed batch until the store takes it', async function () {
    const sink = new HeldSink();
    sink.failNext = 2;
    const queue = new AuditQueue(sink, logger, options);
    const records = [record(), record()];
    for (const each of records) queue.append(each);
    assert.equal(queue.depth, 2, 'records not yet stored count in audit_queue_depth');
    const flushed = queue.flushed();
    while (sink.stored.size < 2 || sink.pending.length > 0) {
      await sink.release();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await flushed;
    assert.equal(sink.stored.size, 2);
    assert.equal(queue.depth, 0);
  });

  it('makes new requests wait while the queue is full, and flushed() waits for earlier records only', async function () {
    const sink = new HeldSink();
    const queue = new AuditQueue(sink, logger, options);
    for (let index = 0; index < options.capacity; index++) queue.append(record());
    let admitted = false;
    const room = queue.whenRoom().then(() => { admitted = true; });
    const flushed = queue.flushed();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(admitted, false, 'admitted while the queue was full');
    await sink.release();
    await room;
    queue.append(record());
    await sink.release();
    await flushed;
    assert.ok(sink.stored.size >= options.capacity);
  });

  it('holds records up to flushDelayMs so that they share one write, then writes them unasked', async function () {
    const sink = new HeldSink();
    const queue = new AuditQueue(sink, logger, { ...options, batchSize: 10, flushDelayMs: 200 });
    const records = [record(), record(), record()];
    for (const each of records) queue.append(each);
    await settle();
    assert.equal(sink.pending.length, 0, 'written before the delay');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.pending.length, 1, 'one write for the three records');
    await sink.release();
    assert.deepEqual([...sink.stored.keys()].sort(), records.map((each) => each._id).sort());
  });

  it('writes at once, without the delay, for a full batch, a flushed() caller and close()', async function () {
    const slow = { ...options, batchSize: 2, flushDelayMs: 60_000 };
    const full = new HeldSink();
    const fullQueue = new AuditQueue(full, logger, slow);
    fullQueue.append(record());
    fullQueue.append(record());
    await settle();
    assert.equal(full.pending.length, 1, 'a full batch waited');

    const asked = new HeldSink();
    const askedQueue = new AuditQueue(asked, logger, slow);
    askedQueue.append(record());
    const flushed = askedQueue.flushed();
    await settle();
    assert.equal(asked.pending.length, 1, 'flushed() waited for the delay');
    await asked.release();
    await flushed;

    const closed = new HeldSink();
    const closedQueue = new AuditQueue(closed, logger, slow);
    closedQueue.append(record());
    const closing = closedQueue.close();
    await settle();
    assert.equal(closed.pending.length, 1, 'close() waited for the delay');
    await closed.release();
    await closing;
    assert.equal(closed.stored.size, 1);
    await full.release();
  });
});
