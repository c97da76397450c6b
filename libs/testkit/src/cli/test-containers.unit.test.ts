import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { containerRuntimeMissing } from '../containers.js';
import { skipBecause } from '../skip.js';

const cli = fileURLToPath(new URL('./test-containers.ts', import.meta.url));

describe('npm run test:containers without a container runtime', () => {
  it('prints one skip line naming why and exits 0, starting nothing', async function () {
    if ((await containerRuntimeMissing()) === undefined) skipBecause(this, 'a container runtime is reachable here, so the CLI would run the suites: its skip path is checked where none is');
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', cli], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, run.stdout);
    assert.match(lines[0]!, /^test:containers skipped: no container runtime \(Docker\) reachable here \(.+\); MongoDB 7 \/ Kafka parity runs where one is/);
    assert.equal(run.stderr, '');
  });
});
