import assert from 'node:assert/strict';
import fc from 'fast-check';
import { takeRound } from './batcher.js';

describe('moves: rounds of a group commit', function () {
  it('every move is taken exactly once, no round holds an item twice, and each item keeps its order', function () {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (itemIds, limit) => {
      const waiting = itemIds.map((itemId, order) => ({ order, command: { itemId } }));
      const rounds: (typeof waiting)[] = [];
      while (waiting.length > 0) rounds.push(takeRound(waiting, limit));
      for (const round of rounds) {
        assert.ok(round.length >= 1 && round.length <= limit);
        assert.equal(new Set(round.map((move) => move.command.itemId)).size, round.length);
      }
      const taken = rounds.flat();
      assert.deepEqual(taken.map((move) => move.order).sort((x, y) => x - y), itemIds.map((_, order) => order));
      for (const itemId of new Set(itemIds)) {
        const orders = taken.filter((move) => move.command.itemId === itemId).map((move) => move.order);
        assert.deepEqual(orders, [...orders].sort((x, y) => x - y), `moves of ${itemId} out of order`);
      }
    }), { numRuns: 200 });
  });
});
