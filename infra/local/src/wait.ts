/**
 * How long a component or service that is still alive may take to become ready: starts wait on
 * readiness, not on the clock, and at load 40 on 2 cores a JVM or four tsx services took minutes.
 * A process that exits fails the wait at once (isAlive); only a live one that never answers uses this up.
 */
export const PATIENT_START_MS = 600_000;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it resolves truthy or `timeoutMs` passes; the last error names what never became ready. */
export async function waitUntil(
  description: string,
  probe: () => Promise<boolean>,
  { timeoutMs = 90_000, intervalMs = 250, isAlive = () => true }: { timeoutMs?: number; intervalMs?: number; isAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${description}: process exited before it became ready`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`${description} not ready after ${timeoutMs} ms${reason}`);
}
