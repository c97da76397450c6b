import { ensureIndexes } from '@inventory/platform';
import type { Db } from 'mongodb';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.js';
import { SyncedBudget } from './synced-budget.js';

export interface Limiters {
  /** Every request: metered locally, synced to the store (see SyncedBudget). */
  perIp: SyncedBudget;
  perUser: SyncedBudget;
  /** Login budgets go to the store on every attempt: exact, and logins are not a hot path. */
  loginPerIp: RateLimiterMongo;
  /** Failed logins for one username from one IP within the lockout window; at the limit the pair is locked out. */
  loginFailures: RateLimiterMongo;
}

/** Points one instance may take from a budget before the store has counted them: 5% of it. */
const unsentShare = (points: number): number => Math.max(1, Math.floor(points / 20));

/**
 * Budgets kept in MongoDB so every gateway instance shares them. Index creation is ours, so the
 * store profile decides: the library's TTL index (expired windows go) only where the store has
 * them; elsewhere expired windows are overwritten in place.
 */
export async function createLimiters(db: Db, config: GatewayConfig): Promise<Limiters> {
  const collections: string[] = [];
  const limiter = (name: string, points: number, duration: number) => {
    collections.push(`rate_limit_${name}`);
    return new RateLimiterMongo({ storeClient: db, tableName: `rate_limit_${name}`, keyPrefix: name, points, duration, disableIndexesCreation: true });
  };
  const synced = (store: RateLimiterMongo) => new SyncedBudget(store, config.RATE_LIMIT_SYNC_MS, unsentShare(store.points));
  const limiters: Limiters = {
    perIp: synced(limiter('ip', config.RATE_LIMIT_IP_PER_MINUTE, 60)),
    perUser: synced(limiter('user', config.RATE_LIMIT_USER_PER_MINUTE, 60)),
    loginPerIp: limiter('login_ip', config.LOGIN_ATTEMPTS_PER_IP_PER_MINUTE, 60),
    loginFailures: limiter('login_failures', config.LOGIN_FAILURES_BEFORE_LOCKOUT, config.LOGIN_LOCKOUT_SECONDS),
  };
  await Promise.all(collections.map((name) => ensureIndexes(db.collection(name), [
    { name: 'key_1', key: { key: 1 }, unique: true },
    { name: 'expiry', key: { expire: 1 }, expires: true },
  ])));
  return limiters;
}
