import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@inventory/local-infra';
import { skipBecause, useStack } from '@inventory/testkit';

/**
 * A short, seeded run of a fuzzer that is not ours (schemathesis, scripts/fuzz-api.sh) against the real stack,
 * with nothing but the served OpenAPI document and tokens of each role; any failure of any check fails the test.
 * The full run and its counts: docs/fuzzing.md.
 */
describe('schemathesis against the served OpenAPI document (short seeded run)', function () {
  it('finds no failure on any operation, as any role', async function () {
    this.timeout(600_000);
    // Opt-in until the findings in docs/fuzzing.md are fixed: a red run must not block every other change.
    if (process.env.INVENTORY_FUZZ !== '1') {
      skipBecause(this, 'the seeded run still finds the contract mismatches listed in docs/fuzzing.md; run it with INVENTORY_FUZZ=1');
    }
    if (spawnSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' }).status !== 0) {
      skipBecause(this, 'python3 with venv/ensurepip is not available, so schemathesis cannot be installed');
    }
    const stack = await useStack();
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('bash', [path.join(repoRoot, 'scripts/fuzz-api.sh'), '--max-failures', '20'], {
        env: {
          ...process.env,
          BASE_URL: stack.urls.gateway!,
          COMMAND_SERVICE_URL: stack.urls['command-service'],
          QUERY_SERVICE_URL: stack.urls['query-service'],
          REPORTING_WORKER_URL: stack.urls['reporting-worker'],
          FUZZ_SEED: '1',
          FUZZ_EXAMPLES: process.env.FUZZ_EXAMPLES ?? '3',
          FUZZ_ROLES: process.env.FUZZ_ROLES ?? 'admin viewer',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', resolve);
    });
    assert.equal(code, 0, output.join('').slice(-20_000));
  });
});
