import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evolve } from '../testing/world.js';
import { commandSequence, moveCommand } from '../testing/arbitraries.js';
import { childrenOf, expectedMoveError, physicalLocation } from '../testing/reference.js';
import { finalWorld, snapshot } from '../testing/run.js';
import { assertDecidesLikeReference } from '../testing/run.js';
import { decideMove } from './decider.js';

const RUNS = { numRuns: 300 };

describe('moves: decide', () => {
  it('every command is refused exactly when the reference model says so, with its code (along random sequences)', () => {
    assertDecidesLikeReference(['MoveItem']);
  });

  it('property 5: every move is refused exactly when the reference says so, with its code, changing nothing', () => {
    fc.assert(fc.property(commandSequence, fc.array(moveCommand, { minLength: 1, maxLength: 10 }), (setup, moves) => {
      const world = finalWorld(setup);
      const seen = snapshot(world);
      for (const { type: _type, ...move } of moves) {
        const decision = decideMove(move, world);
        assert.equal(decision.ok ? undefined : decision.code, expectedMoveError(world, move));
      }
      assert.equal(snapshot(world), seen);
    }), RUNS);
  });

  it('property 3: moving a parent moves every assigned child, and the event names exactly those children', () => {
    fc.assert(fc.property(commandSequence, fc.array(moveCommand, { minLength: 1, maxLength: 10 }), (setup, moves) => {
      const world = finalWorld(setup);
      for (const { type: _type, ...move } of moves) {
        const decision = decideMove(move, world);
        if (!decision.ok) continue;
        const [moved] = decision.events;
        assert.equal(moved?.type, 'ItemMoved');
        const children = childrenOf(world, move.itemId).map((child) => child.id).sort();
        assert.deepEqual([...(moved.type === 'ItemMoved' ? moved.data.movedChildIds : [])].sort(), children);
        const after = evolve(world, moved);
        for (const childId of children) assert.equal(physicalLocation(after, after.items.get(childId)!), move.toLocationId, `child ${childId} left behind`);
      }
    }), RUNS);
  });
});
