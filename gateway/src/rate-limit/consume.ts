import { ProblemError } from '@inventory/contracts';
import type { Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Budget } from './synced-budget.js';

function setRateLimitHeaders(res: Response, limit: number, state: RateLimiterRes): void {
  const resetSeconds = Math.ceil(state.msBeforeNext / 1000);
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(state.remainingPoints));
  res.setHeader('RateLimit-Reset', String(resetSeconds));
}

/** Thrown (as 429) when a budget is spent, with Retry-After set on the response. */
export function rateLimited(res: Response, state: RateLimiterRes, detail: string): ProblemError {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(state.msBeforeNext / 1000))));
  return new ProblemError('RATE_LIMITED', detail);
}

/**
 * Takes one point from `key`'s budget and reports it in RateLimit-* headers; a spent budget
 * throws RATE_LIMITED. Store failures propagate (fail closed: an unmetered gateway is worse than a 500).
 */
export async function consumePoint(limiter: Budget, key: string, res: Response, what: string): Promise<void> {
  try {
    setRateLimitHeaders(res, limiter.points, await limiter.consume(key));
  } catch (outcome) {
    if (!(outcome instanceof RateLimiterRes)) throw outcome;
    setRateLimitHeaders(res, limiter.points, outcome);
    throw rateLimited(res, outcome, `${what} budget of ${limiter.points} requests per ${limiter.duration} s is spent`);
  }
}
