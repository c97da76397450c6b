import type { Request, Response } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { identityKey } from '../users/normalize.js';
import { consumePoint, rateLimited } from '../rate-limit/consume.js';

/**
 * Brute-force protection for login: a per-IP attempt budget, and a lockout of one username from
 * one IP once its failures within the window reach the limit, until the window ends (keyed by
 * both so an attacker cannot lock a user out everywhere). Each attempt takes its failure point
 * before its password is checked (one atomic increment in the store), so parallel guesses cannot
 * all pass a check made before any of them counted: at most the limit are ever evaluated.
 * A right password clears the count.
 */
export class LoginGuard {
  constructor(private readonly attemptsPerIp: RateLimiterAbstract, private readonly failures: RateLimiterAbstract) {}

  private key(req: Request, username: string): string {
    return `${identityKey(username)}|${req.ip ?? 'unknown'}`;
  }

  /**
   * Takes this attempt's points; throws RATE_LIMITED when this IP is over budget or this username
   * is locked out for it. The failure point stays taken unless `succeeded` is called.
   */
  async admit(req: Request, res: Response, username: string): Promise<void> {
    await consumePoint(this.attemptsPerIp, req.ip ?? 'unknown', res, 'login-per-IP');
    try {
      await this.failures.consume(this.key(req, username));
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      throw rateLimited(res, outcome, 'too many failed logins: this account is locked for a while from your address');
    }
  }

  async succeeded(req: Request, username: string): Promise<void> {
    await this.failures.delete(this.key(req, username));
  }
}
