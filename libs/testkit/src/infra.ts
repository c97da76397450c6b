import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { externalFromEnv, freePort, startLocalInfra, type LocalInfra } from '@inventory/local-infra';

/** The infrastructure's addresses, plus this run's INTERNAL_AUTH_TOKEN for every service a test starts or calls directly. */
export interface TestInfra extends LocalInfra {
  env: LocalInfra['env'] & { INTERNAL_AUTH_TOKEN: string; SCHEMA_REGISTRY_TIMEOUT_MS: string };
}

/**
 * Registry calls of the services a test starts may take this long per attempt: a freshly started
 * registry on a busy machine (8 test runs on 2 cores) was seen taking over the 5 s default.
 */
const TEST_REGISTRY_TIMEOUT_MS = '30000';

let running: Promise<TestInfra> | undefined;
let current: TestInfra | undefined;
let privateDataDir: string | undefined;

/**
 * The infrastructure for integration tests, started once per test run on first use:
 * each system named by KAFKA_BROKERS / SCHEMA_REGISTRY_URL / MONGODB_URI is used as is,
 * the others are started privately on free ports in a temporary folder, so a test run
 * never touches a dev stack that is up at the same time. `env` also carries a random internal
 * token, new for each test run (a service refuses callers without it), and a longer registry timeout.
 */
export async function useInfra(): Promise<TestInfra> {
  running ??= (async () => {
    privateDataDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-test-'));
    const [kafka, kafkaController, registry, registryManagement, mongo] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    process.stderr.write(`[testkit] starting private infrastructure in ${privateDataDir}\n`);
    const started = Date.now();
    const infra = await startLocalInfra({ dataDir: privateDataDir, ports: { kafka, kafkaController, registry, registryManagement, mongo }, external: externalFromEnv() });
    process.stderr.write(`[testkit] infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(infra.env)}\n`);
    current = { ...infra, env: { ...infra.env, INTERNAL_AUTH_TOKEN: randomBytes(32).toString('base64url'), SCHEMA_REGISTRY_TIMEOUT_MS: TEST_REGISTRY_TIMEOUT_MS } };
    return current;
  })();
  const infra = await running;
  infra.assertAlive();
  return infra;
}

/**
 * Throws when a component useInfra started has died since (naming it, with the tail of its log), so the
 * suites after a crash say what broke instead of ECONNREFUSED; a no-op before the infrastructure starts.
 */
export function assertInfraAlive(): void {
  current?.assertAlive();
}

/** Stops what useInfra started, if anything, and removes its data. */
export async function stopInfra(): Promise<void> {
  if (!running) return;
  const infra = await running.catch(() => undefined);
  running = undefined;
  current = undefined;
  await infra?.stop();
  if (privateDataDir && !process.env.INVENTORY_KEEP_TEST_DATA) rmSync(privateDataDir, { recursive: true, force: true });
}
