import type { Request, Response } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { identityKey } from '../users/normalize.js';
import { consumePoint, rateLimited } from '../rate-limit/consume.js';

/**
 * Brute-force protection for login: a per-IP attempt budget, and a lockout of one username from
 * one IP once its failures within the window reach the limit, until the window ends (keyed by
 * both so an attacker cannot lock a user out everywhere). A success clears the count.
 */
export class LoginGuard {
  constructor(private readonly attemptsPerIp: RateLimiterAbstract, private readonly failures: RateLimiterAbstract) {}

  private key(req: Request, username: string): string {
    return `${identityKey(username)}|${req.ip ?? 'unknown'}`;
  }

  /** Throws RATE_LIMITED when this IP is over budget or this username is locked out for it. */
  async admit(req: Request, res: Response, username: string): Promise<void> {
    await consumePoint(this.attemptsPerIp, req.ip ?? 'unknown', res, 'login-per-IP');
    const failures = await this.failures.get(this.key(req, username));
    if (failures && failures.consumedPoints >= this.failures.points) {
      throw rateLimited(res, failures, 'too many failed logins: this account is locked for a while from your address');
    }
  }

  async failed(req: Request, username: string): Promise<void> {
    await this.failures.penalty(this.key(req, username));
  }

  async succeeded(req: Request, username: string): Promise<void> {
    await this.failures.delete(this.key(req, username));
  }
}
