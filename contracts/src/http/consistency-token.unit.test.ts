import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeConsistencyToken, encodeConsistencyToken } from './consistency-token.js';

describe('consistency token', () => {
  it('decodes to the highest version per aggregate it was encoded from', () => {
    fc.assert(fc.property(fc.array(fc.record({ aggregateId: fc.uuid(), aggregateVersion: fc.integer({ min: 1, max: 1e6 }) }), { minLength: 1, maxLength: 20 }), (positions) => {
      const decoded = decodeConsistencyToken(encodeConsistencyToken(positions));
      const expected = new Map<string, number>();
      for (const { aggregateId, aggregateVersion } of positions) expected.set(aggregateId, Math.max(aggregateVersion, expected.get(aggregateId) ?? 0));
      assert.deepEqual(new Map(decoded!.map((p) => [p.aggregateId, p.aggregateVersion])), expected);
    }));
  });

  it('rejects anything it did not produce', () => {
    for (const token of ['', 'not base64 !', Buffer.from('{}').toString('base64url'), Buffer.from('[["a",0]]').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      assert.equal(decodeConsistencyToken(token), null, token);
    }
  });
});
