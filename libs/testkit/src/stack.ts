import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLauncher, type LauncherProcess } from '@inventory/local-infra';
import { useInfra } from './infra.js';

let running: Promise<LauncherProcess> | undefined;

/**
 * Request budgets and waits of the end-to-end stack: every suite, and the fuzzer, talks to it from one address as a
 * handful of users, so the production budgets would answer 429 where the contract is under test. The
 * limiters themselves are tested against the gateway (gateway/src/rate-limit); an env value still wins.
 */
const E2E_BUDGETS = {
  RATE_LIMIT_IP_PER_MINUTE: '1000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
  LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100000',
  // Tests check that a read with Consistency-Token answers the write, not how fast: on a loaded machine the
  // projection may need more than the production bound of 2 s (the 503 path is still tested, with a token
  // nobody can reach). Below the gateway's UPSTREAM_TIMEOUT_MS (10 s): at the same bound the gateway's 504 raced the
  // service's 503 for a token nobody can reach, and won on a loaded run.
  QUERY_CONSISTENCY_TIMEOUT_MS: '8000',
  REPORTS_CONSISTENCY_TIMEOUT_MS: '8000',
};
let dataDir: string | undefined;

/**
 * All four services started by the real launcher on free ports, against the test run's
 * infrastructure (useInfra), once per test run: for end-to-end tests through the gateway.
 */
export function useStack(): Promise<LauncherProcess> {
  running ??= (async () => {
    const infra = await useInfra();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-e2e-'));
    const launcher = await spawnLauncher(dataDir, { ...E2E_BUDGETS, ...process.env, ...infra.env, INVENTORY_LOCAL_DEV: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    try {
      await launcher.ready();
    } catch (error) {
      process.stderr.write(`launcher output:\n${launcher.output()}\n`);
      throw error;
    }
    return launcher;
  })();
  return running;
}

/** Stops the stack useStack started, if any. */
export async function stopStack(): Promise<void> {
  if (!running) return;
  const launcher = await running.catch(() => undefined);
  running = undefined;
  await launcher?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
