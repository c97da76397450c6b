import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crashCount, defaultRestartPolicy, restartDelayMs } from './restart-policy.js';

describe('restart policy of the local stack', () => {
  it('doubles the delay per consecutive crash from 1 s up to 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50].map((crashes) => restartDelayMs(crashes, defaultRestartPolicy)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('a run that stayed up long enough resets the count; a short one adds to it', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(200_000), (previous, uptimeMs) => {
      const next = crashCount(previous, uptimeMs, defaultRestartPolicy);
      assert.equal(next, uptimeMs >= defaultRestartPolicy.stableAfterMs ? 1 : previous + 1);
      const delay = restartDelayMs(next, defaultRestartPolicy);
      assert.ok(delay >= defaultRestartPolicy.initialDelayMs && delay <= defaultRestartPolicy.maxDelayMs);
    }), { numRuns: 200 });
  });
});
