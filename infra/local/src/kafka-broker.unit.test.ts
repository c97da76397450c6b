import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newClusterId } from './kafka-broker.js';

describe('the local Kafka broker', () => {
  it('never formats with a cluster id that starts with "-" (StorageTool reads it as an option): such draws are drawn again', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 5 }), (draws) => {
      const buffers = [...draws.map((bytes) => Buffer.from(bytes)), Buffer.alloc(16)];
      let next = 0;
      const id = newClusterId(() => buffers[next++]!);
      const expected = buffers.map((buffer) => buffer.toString('base64url')).find((candidate) => !candidate.startsWith('-'));
      assert.equal(id, expected);
      assert.equal(Buffer.from(id, 'base64url').length, 16);
    }), { numRuns: 200 });
    // 0xf8 is 111110xx: base64's index 62, '-' in base64url.
    const dashed = Buffer.alloc(16, 0xf8);
    assert.ok(dashed.toString('base64url').startsWith('-'));
    let calls = 0;
    assert.equal(newClusterId(() => (calls++ === 0 ? dashed : Buffer.alloc(16))), Buffer.alloc(16).toString('base64url'));
  });
});
