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
