import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TOKEN_LENGTH, decodeConsistencyToken, encodeConsistencyToken } from './consistency-token.js';

describe('consistency token', () => {
  it('decodes to the highest version per aggregate it was encoded from', () => {
    fc.assert(fc.property(fc.array(fc.record({ aggregateId: fc.uuid(), aggregateVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }), { minLength: 1, maxLength: 50 }), (positions) => {
      const decoded = decodeConsistencyToken(encodeConsistencyToken(positions));
      const expected = new Map<string, number>();
      for (const { aggregateId, aggregateVersion } of positions) expected.set(aggregateId, Math.max(aggregateVersion, expected.get(aggregateId) ?? 0));
      assert.deepEqual(new Map(decoded!.map((p) => [p.aggregateId, p.aggregateVersion])), expected);
    }));
  });

  it('carries a whole bulk request: 500 positions with the largest versions stay within the header schema', () => {
    const positions = fc.sample(fc.uuid(), 500).map((aggregateId) => ({ aggregateId, aggregateVersion: Number.MAX_SAFE_INTEGER }));
    const token = encodeConsistencyToken(positions);
    assert.ok(token.length <= MAX_TOKEN_LENGTH, `${token.length} characters`);
    assert.equal(decodeConsistencyToken(token)?.length, new Set(positions.map((p) => p.aggregateId)).size);
  });

  it('rejects anything it did not produce', () => {
    const valid = encodeConsistencyToken([{ aggregateId: '0b7e1c9a-2f3d-4c5e-8a9b-0c1d2e3f4a5b', aggregateVersion: 3 }]);
    const bytes = Buffer.from(valid, 'base64url');
    const tampered = [
      '', 'not base64 !', Buffer.from('[["a",1]]').toString('base64url'), Buffer.from([2]).toString('base64url'),
      Buffer.concat([Buffer.from([1]), bytes.subarray(1)]).toString('base64url'), // another format
      bytes.subarray(0, bytes.length - 1).toString('base64url'), // cut inside a position
      Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([0])]).toString('base64url'), // version 0
      Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([255])]).toString('base64url'), // unfinished version
      'A'.repeat(MAX_TOKEN_LENGTH + 1),
    ];
    for (const token of tampered) assert.equal(decodeConsistencyToken(token), null, token);
  });

  it('refuses to encode an id that is not a UUID', () => {
    assert.throws(() => encodeConsistencyToken([{ aggregateId: 'not-a-uuid', aggregateVersion: 1 }]), /not a lowercase UUID/);
  });
});
