import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

interface KeyState {
  /** What the shared store had counted at the last sync, and when its window ends (performance.now()). */
  counted: number;
  resetsAt: number;
  /** Points taken here that the store has not counted yet: waiting, and in the sync under way. */
  unsent: number;
  sending: number;
  sync: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** The part of a limiter the gateway's middleware uses (RateLimiterMongo has it too). */
export interface Budget {
  readonly points: number;
  readonly duration: number;
  consume(key: string): Promise<RateLimiterRes>;
}

/**
 * A shared budget (`store`, e.g. RateLimiterMongo) metered locally: points are taken in memory and
 * sent to the store in batches, within `syncDelayMs` of being taken (plus any sync under way), and before a
 * key has `maxUnsent` points in transit (then the request waits for the sync). So the store sees
 * every point, the common request makes no round trip, and the whole fleet can admit at most
 * `maxUnsent` points per instance beyond the budget. The decision uses the store's count from the
 * last sync plus this instance's unsent points. A store failure resurfaces as an error once
 * `maxUnsent` points are pending (fail closed).
 */
export class SyncedBudget implements Budget {
  readonly points: number;
  readonly duration: number;
  private readonly keys = new Map<string, KeyState>();
  /** Told about every sync the store refused (the rate_limit_sync_failures_total counter). */
  onSyncFailure: ((error: unknown) => void) | undefined;

  constructor(private readonly store: RateLimiterAbstract, private readonly syncDelayMs: number, private readonly maxUnsent: number, private readonly maxKeys = 10_000) {
    this.points = store.points;
    this.duration = store.duration;
  }

  async consume(key: string): Promise<RateLimiterRes> {
    const state = this.stateOf(key);
    while (state.unsent + state.sending >= this.maxUnsent) await this.sync(key, state);
    const now = performance.now();
    // The store starts a new window on its next write after this moment.
    const counted = now < state.resetsAt ? state.counted : 0;
    const taken = counted + state.sending + state.unsent;
    const msBeforeNext = Math.max(0, (now < state.resetsAt ? state.resetsAt : now + this.duration * 1000) - now);
    if (taken >= this.points) throw new RateLimiterRes(0, msBeforeNext, taken, false);
    state.unsent++;
    this.scheduleSync(key, state);
    return new RateLimiterRes(this.points - taken - 1, msBeforeNext, taken + 1, false);
  }

  /** Sends every unsent point (graceful shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.keys].map(async ([key, state]) => {
      while (state.unsent > 0 || state.sync) await this.sync(key, state);
    }));
  }

  private stateOf(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      if (this.keys.size >= this.maxKeys) this.evictIdle();
      state = { counted: 0, resetsAt: 0, unsent: 0, sending: 0, sync: undefined, timer: undefined };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Forgets keys with nothing in transit: their count is in the store, to be read again on the next sync. */
  private evictIdle(): void {
    for (const [key, state] of this.keys) {
      if (this.keys.size < this.maxKeys) return;
      if (state.unsent === 0 && !state.sync) this.keys.delete(key);
    }
  }

  private scheduleSync(key: string, state: KeyState): void {
    if (state.unsent >= this.maxUnsent / 2) this.syncInBackground(key, state);
    else this.syncLater(key, state);
  }

  private syncLater(key: string, state: KeyState): void {
    state.timer ??= setTimeout(() => { state.timer = undefined; this.syncInBackground(key, state); }, this.syncDelayMs).unref();
  }

  /** Failures are not reported here: the points stay unsent and the next blocking sync reports it. */
  private syncInBackground(key: string, state: KeyState): void {
    this.sync(key, state).catch(() => undefined);
  }

  private sync(key: string, state: KeyState): Promise<void> {
    state.sync ??= this.send(key, state).finally(() => {
      state.sync = undefined;
      // Points taken while this sync was under way (or given back by its failure) get their own,
      // after the delay: a store that fails fast must not be retried in a tight loop.
      if (state.unsent > 0) this.syncLater(key, state);
    });
    return state.sync;
  }

  private async send(key: string, state: KeyState): Promise<void> {
    clearTimeout(state.timer);
    state.timer = undefined;
    if (state.unsent === 0) return;
    state.sending = state.unsent;
    state.unsent = 0;
    try {
      const answer = await this.store.penalty(key, state.sending);
      state.counted = answer.consumedPoints;
      state.resetsAt = performance.now() + answer.msBeforeNext;
    } catch (error) {
      state.unsent += state.sending;
      this.onSyncFailure?.(error);
      throw error;
    } finally {
      state.sending = 0;
    }
  }
}
