/** A dependency check: resolves when the dependency answers, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; latencyMs: number; error?: string }>;
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** Runs every check in parallel, each bounded by `timeoutMs`, and says which dependency is down and why. */
export async function checkReadiness(checks: Record<string, ReadinessCheck>, timeoutMs = 2000): Promise<ReadinessReport> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
    const started = performance.now();
    try {
      await withTimeout(check(), timeoutMs);
      return [name, { status: 'up' as const, latencyMs: Math.round(performance.now() - started) }] as const;
    } catch (error) {
      return [name, { status: 'down' as const, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) }] as const;
    }
  }));
  const report = Object.fromEntries(entries);
  return { status: entries.every(([, result]) => result.status === 'up') ? 'ready' : 'not-ready', checks: report };
}

/**
 * Calls `onStuck` once `check` (a dependency's readiness) has failed without a break for `limitMs`.
 * After a document-store restart under load one service's MongoDB driver was seen never to connect
 * again (no connection attempt for minutes, while the other services reconnected at once); a new
 * process connects, so the service exits and its supervisor (npm start, an orchestrator) restarts it.
 */
export function watchDependency(check: ReadinessCheck, onStuck: (downMs: number) => void, { limitMs = 120_000, everyMs = 5000, timeoutMs = 2000 } = {}): () => void {
  let downSince: number | undefined;
  let probing = false;
  const timer = setInterval(() => {
    if (probing) return;
    probing = true;
    withTimeout(check(), timeoutMs).then(() => { downSince = undefined; }, () => {
      downSince ??= Date.now();
      if (Date.now() - downSince >= limitMs) onStuck(Date.now() - downSince);
    }).finally(() => { probing = false; });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
