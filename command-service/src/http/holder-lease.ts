import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { expiresByItself } from '@inventory/platform';

/** One lease per command-service process (holder-lease.ts). */
export const COMMAND_HOLDERS = 'commandHolders';

interface HolderRecord {
  _id: string;
  aliveUntil: Date;
  expiresAt: Date;
}

export interface LeaseTimes {
  /** How long one renewal keeps this process's Idempotency-Key claims its own. */
  leaseMs: number;
  /** How often it renews: a few times per lease, so one slow write does not let it lapse. */
  renewMs: number;
  /** After a lease lapsed, how long a retry still waits to take over: a commit sent just before could still be on its way to the store. */
  graceMs: number;
}

export const LEASE_TIMES: LeaseTimes = { leaseMs: 10_000, renewMs: 2_000, graceMs: 10_000 };

/** A lapsed holder's record is kept a day (a retry of any of its keys needs it less than that). */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The lease of this command-service process on the Idempotency-Keys it holds, renewed in
 * `commandHolders`. Its attempts commit only while the lease it last renewed is valid (the mark's
 * `alive`, checked right before each commit), so once the lease has lapsed, plus `graceMs`, the
 * process can commit nothing more: it was killed, or is a new process after a restart. A retry
 * then takes its keys over at once instead of waiting out the fixed takeover time.
 */
export class HolderLease {
  readonly id = randomUUID();
  private readonly holders: Collection<HolderRecord>;
  /** On this process's clock: its attempts may commit before this. */
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(db: Db, private readonly times = LEASE_TIMES) {
    this.holders = db.collection(COMMAND_HOLDERS);
  }

  /** The first renewal (before the service takes requests), then one every `renewMs`; `onError` hears a failed renewal. */
  async start(onError: (error: unknown) => void): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew().catch(onError), this.times.renewMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async renew(): Promise<void> {
    // Timed from before the write: what others read as aliveUntil is never earlier than what this process allows itself.
    const from = Date.now();
    await this.holders.updateOne({ _id: this.id }, { $set: { aliveUntil: new Date(from + this.times.leaseMs), expiresAt: new Date(from + KEEP_MS) } }, { upsert: true });
    this.validUntil = Math.max(this.validUntil, from + this.times.leaseMs);
  }

  /** Whether this process may still commit for the keys it holds. */
  readonly alive = (now = Date.now()): boolean => now < this.validUntil;

  /** Whether holder `id` can commit nothing more: another process whose lease lapsed over `graceMs` ago. */
  async lapsed(id: string | undefined, now = Date.now()): Promise<boolean> {
    if (id === undefined || id === this.id) return false;
    const record = await this.holders.findOne({ _id: id });
    return record === null || record.aliveUntil.getTime() + this.times.graceMs < now;
  }

  /** Removes the records of holders gone for a day, where the store has no TTL index for it. */
  async sweep(now = new Date()): Promise<void> {
    if (!expiresByItself(this.holders)) await this.holders.deleteMany({ expiresAt: { $lt: now } });
  }
}
