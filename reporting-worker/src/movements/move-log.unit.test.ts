import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMove, encodeMove, moveLogId, moveLogIdsOf } from './move-log.js';

describe('move log', () => {
  it('a move decodes to what was encoded', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.uuid(), fc.uuid(), fc.uuid(), fc.nat(), (at, itemTypeId, fromLocationId, toLocationId, dwellMs) => {
      const move = { at, itemTypeId, fromLocationId, toLocationId, dwellMs };
      assert.deepEqual(decodeMove(encodeMove(move)), move);
    }));
  });

  it('moves of one UTC minute share a log document', () => {
    assert.equal(moveLogId(Date.UTC(2025, 0, 1, 13, 7, 0)), moveLogId(Date.UTC(2025, 0, 1, 13, 7, 59, 999)));
    assert.notEqual(moveLogId(Date.UTC(2025, 0, 1, 13, 7, 59, 999)), moveLogId(Date.UTC(2025, 0, 1, 13, 8)));
  });

  it('a span is read from the logs of every minute it touches', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.integer({ min: 1, max: 3_600_000 }), (start, length) => {
      const ids = moveLogIdsOf(start, start + length);
      assert.equal(ids[0], moveLogId(start));
      assert.equal(ids.at(-1), moveLogId(start + length - 1));
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(ids.length, Math.floor((start + length - 1) / 60_000) - Math.floor(start / 60_000) + 1);
    }));
  });
});
