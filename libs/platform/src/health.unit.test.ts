import assert from 'node:assert/strict';
import { checkReadiness, watchDependency } from './health.js';

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

describe('watchDependency', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('calls onStuck once the check has failed (or hung) without a break for the limit', async () => {
    for (const check of [async () => { throw new Error('refused'); }, () => new Promise(() => undefined)]) {
      let stuckFor: number | undefined;
      const stop = watchDependency(check, (downMs) => { stuckFor ??= downMs; }, { limitMs: 40, everyMs: 5, timeoutMs: 10 });
      try {
        for (let waited = 0; stuckFor === undefined && waited < 60_000; waited += 10) await sleep(10);
        assert.ok(stuckFor !== undefined && stuckFor >= 40, `stuck for ${stuckFor}`);
      } finally {
        stop();
      }
    }
  });

  it('never while every other check answers: one failure in a row does not add up', async () => {
    let calls = 0;
    let stuck = false;
    // Fails every second call: never down for two checks in a row, so never for the limit of 20 checks.
    const stop = watchDependency(async () => { calls += 1; if (calls % 2 === 0) throw new Error('blip'); }, () => { stuck = true; }, { limitMs: 100, everyMs: 5, timeoutMs: 60_000 });
    try {
      while (calls < 60) await sleep(5);
      assert.equal(stuck, false);
    } finally {
      stop();
    }
  });
});
