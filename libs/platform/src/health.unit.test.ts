import assert from 'node:assert/strict';
import { checkReadiness } from './health.js';

describe('checkReadiness', () => {
  it('is ready only when every dependency answers', async () => {
    const report = await checkReadiness({ up: async () => 'ok', down: async () => { throw new Error('refused'); } });
    assert.equal(report.status, 'not-ready');
    assert.equal(report.checks.up?.status, 'up');
    assert.deepEqual([report.checks.down?.status, report.checks.down?.error], ['down', 'refused']);
    assert.equal((await checkReadiness({ up: async () => 'ok' })).status, 'ready');
  });

  it('reports a dependency that hangs as down after the timeout', async () => {
    const report = await checkReadiness({ hangs: () => new Promise(() => undefined) }, 50);
    assert.equal(report.checks.hangs?.status, 'down');
    assert.match(report.checks.hangs?.error ?? '', /no answer within 50 ms/);
  });
});
