import assert from 'node:assert/strict';
import { withRetries } from './install.js';

describe('withRetries', () => {
  it('retries a transient failure with growing waits and returns the first success', () => {
    const waits: number[] = [];
    let calls = 0;
    const result = withRetries('download', () => {
      calls += 1;
      if (calls < 3) throw new Error('Connection reset');
      return 'ok';
    }, { attempts: 4, baseDelayMs: 10, sleep: (ms) => waits.push(ms) });
    assert.equal(result, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(waits, [10, 20]);
  });

  it('gives up after the last attempt with the last error', () => {
    let calls = 0;
    assert.throws(() => withRetries('download', () => { calls += 1; throw new Error(`reset ${calls}`); }, { attempts: 3, baseDelayMs: 1, sleep: () => undefined }), /reset 3/);
    assert.equal(calls, 3);
  });
});
