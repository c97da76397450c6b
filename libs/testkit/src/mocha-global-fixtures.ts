import { ensureInfraInstalled } from '@inventory/local-infra';
import { assertInfraAlive, stopInfra } from './infra.js';
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

/** Root hook: before every test, fail it by naming a test-infrastructure component that died during the run. */
export const mochaHooks = {
  beforeEach(): void {
    assertInfraAlive();
  },
};
