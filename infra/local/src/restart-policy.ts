/**
 * When the local stack restarts a crashed service (like a compose restart policy or ECS): at once-ish
 * after a first crash, then exponentially slower while it keeps crashing, so a service that cannot
 * start does not spin; a run that stayed up `stableAfterMs` counts as healthy and resets the backoff.
 */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** Consecutive crashes so far, counting this one: reset to 1 when the run that just ended was stable. */
export const crashCount = (previous: number, uptimeMs: number, policy: RestartPolicy): number =>
  (uptimeMs >= policy.stableAfterMs ? 1 : previous + 1);

/** How long to wait before the restart after the `crashes`-th consecutive crash (1-based). */
export const restartDelayMs = (crashes: number, policy: RestartPolicy): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, crashes - 1));
