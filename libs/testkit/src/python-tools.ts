import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@inventory/local-infra';

/** Why the Python tools (confluent-kafka, schemathesis) cannot be used here, or null when they can. */
export function pythonToolsUnavailable(): string | null {
  const probe = spawnSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
  return probe.status === 0 ? null : 'python3 with venv/ensurepip is not available, so the Python tools cannot be installed';
}

/**
 * Installs (once, pinned) the git-ignored .venv-tools/ and returns its python. Called from the mocha global
 * setup so the PyPI download happens before any test's timeout starts, with pip's progress on stderr.
 */
export function ensurePythonTools(): string {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts/python-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`scripts/python-tools.sh failed (exit ${result.status ?? result.signal})`);
  return result.stdout.trim();
}
