import type { Db } from 'mongodb';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.js';

export interface Limiters {
  perIp: RateLimiterMongo;
  perUser: RateLimiterMongo;
  loginPerIp: RateLimiterMongo;
  /** Failed logins for one username from one IP within the lockout window; at the limit the pair is locked out. */
  loginFailures: RateLimiterMongo;
}

/**
 * Budgets kept in MongoDB so every gateway instance shares them. Index creation is ours: the
 * library's TTL index does not exist on FerretDB, and expired windows are overwritten in place anyway.
 */
export async function createLimiters(db: Db, config: GatewayConfig): Promise<Limiters> {
  const collections: string[] = [];
  const limiter = (name: string, points: number, duration: number) => {
    collections.push(`rate_limit_${name}`);
    return new RateLimiterMongo({ storeClient: db, tableName: `rate_limit_${name}`, keyPrefix: name, points, duration, disableIndexesCreation: true });
  };
  const limiters: Limiters = {
    perIp: limiter('ip', config.RATE_LIMIT_IP_PER_MINUTE, 60),
    perUser: limiter('user', config.RATE_LIMIT_USER_PER_MINUTE, 60),
    loginPerIp: limiter('login_ip', config.LOGIN_ATTEMPTS_PER_IP_PER_MINUTE, 60),
    loginFailures: limiter('login_failures', config.LOGIN_FAILURES_BEFORE_LOCKOUT, config.LOGIN_LOCKOUT_SECONDS),
  };
  await Promise.all(collections.map((name) => db.collection(name).createIndex({ key: 1 }, { unique: true })));
  return limiters;
}
