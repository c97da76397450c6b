import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@inventory/local-infra';
import { skipBecause, useStack } from '@inventory/testkit';
import { coverageOf } from './fuzz-coverage.js';

/**
 * A short, seeded run of a fuzzer that is not ours (schemathesis, scripts/fuzz-api.sh) against the real stack,
 * with nothing but the served OpenAPI document and the admin's token (the one role allowed every operation); any
 * failure of any check fails the test.
 * The full run and its counts: docs/fuzzing.md.
 */
describe('schemathesis against the served OpenAPI document (short seeded run)', function () {
  it('finds no failure on any operation, as the admin', async function () {
    this.timeout(Number(process.env.FUZZ_TIMEOUT_MS ?? 600_000)); // a full run (docs/fuzzing.md) takes longer
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
          // The admin may call every operation; the other roles' runs are the full run's (docs/fuzzing.md).
          FUZZ_ROLES: process.env.FUZZ_ROLES ?? 'admin',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', resolve);
    });
    const printed = output.join('');
    assert.equal(code, 0, printed.slice(-20_000));
    process.stdout.write(`      ${coverageOf(printed)}\n`);
  });
});
