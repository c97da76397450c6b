import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

describe('the mocha reporter of the test command', () => {
  it('closes the run with the plain totals line CI reads: passed, failed and skipped counted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'totals-'));
    try {
      const spec = join(dir, 'sample.cjs');
      writeFileSync(spec, "it('passes', () => {}); it('passes too', () => {}); it('fails', () => { throw new Error('x'); }); it.skip('skipped', () => {});\n");
      const run = spawnSync(process.execPath, [join(root, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--reporter', join(root, 'mocha-totals-reporter.cjs'), spec], { encoding: 'utf8' });
      assert.equal(run.status, 1);
      const lines = run.stdout.trimEnd().split('\n');
      assert.equal(lines.at(-1), 'tests: 2 passed, 1 failed, 1 skipped');
      assert.match(run.stdout, /2 passing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
