import { ensureInfraInstalled } from '@inventory/local-infra';
import { assertInfraAlive, stopInfra, useInfra } from './infra.js';
import { ensurePythonTools, pythonToolsUnavailable } from './python-tools.js';
import { stopStack } from './stack.js';

/**
 * Mocha global setup: install (not start) every component the integration suites may need (and the Python tools),
 * before any suite's timeout runs, so a first run on a fresh machine does not time out in a hook.
 */
export function mochaGlobalSetup(): void {
  const started = Date.now();
  process.stderr.write('[testkit] checking the test infrastructure is installed (the first run downloads and builds it)\n');
  ensureInfraInstalled();
  if (!pythonToolsUnavailable()) ensurePythonTools();
  process.stderr.write(`[testkit] test infrastructure installed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

/** Mocha global teardown: stop the services, then the private infrastructure, once the whole run is over. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopStack();
  await stopInfra();
}

/** How long starting Kafka, the registry and the document store may take (about 20 s on an idle machine, 100 s seen on a busy one). */
const INFRA_START_TIMEOUT_MS = 600_000;

/** Whether the run has suites that use real infrastructure (files named *.int.test.ts or *.e2e.test.ts). */
export const needsInfra = (files: readonly (string | undefined)[]): boolean => files.some((file) => /\.(int|e2e)\.test\.ts$/.test(file ?? ''));

export const mochaHooks = {
  /**
   * Before the first suite, when the run needs it: starts the infrastructure under a timeout of its
   * own, so a slow start is not charged to the first suite's 120 s hook (the rest reuse it).
   */
  async beforeAll(this: Mocha.Context): Promise<void> {
    if (!needsInfra(this.test?.parent?.suites.map((suite) => suite.file) ?? [])) return;
    this.timeout(INFRA_START_TIMEOUT_MS);
    await useInfra();
  },
  /** Before every test: fail it by naming a test-infrastructure component that died during the run. */
  beforeEach(): void {
    assertInfraAlive();
  },
};
