import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planSeed } from './plan.js';

describe('seed plan', () => {
  it('is a valid inventory for any size: a tree, unique codes and barcodes, legal assignments and moves', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 500 }), fc.integer(), (itemCount, moveCount, seed) => {
      const plan = planSeed(itemCount, moveCount, seed);
      const locationKeys = new Set(plan.locations.map((location) => location.key));
      assert.equal(plan.items.length, itemCount);
      assert.equal(new Set(plan.locations.map((location) => location.code)).size, plan.locations.length, 'codes unique');
      assert.equal(new Set(plan.items.map((item) => item.barcode)).size, itemCount, 'barcodes unique');
      for (const location of plan.locations) assert.ok(location.parentKey === null || locationKeys.has(location.parentKey));
      for (const item of plan.items) assert.ok(locationKeys.has(item.locationKey));

      const kinds = new Map(plan.items.map((item) => [item.key, item.kind]));
      const assignedChildren = plan.assignments.map((assignment) => assignment.childKey);
      assert.equal(new Set(assignedChildren).size, assignedChildren.length, 'a child has one parent');
      for (const { childKey, parentKey } of plan.assignments) assert.deepEqual([kinds.get(childKey), kinds.get(parentKey)], ['CHILD', 'PARENT']);

      const where = new Map(plan.items.map((item) => [item.key, item.locationKey]));
      const assigned = new Set(assignedChildren);
      for (const move of plan.moves) {
        assert.ok(!assigned.has(move.itemKey), 'assigned children never move alone');
        assert.notEqual(where.get(move.itemKey), move.toLocationKey, 'no no-op moves');
        where.set(move.itemKey, move.toLocationKey);
      }
    }), { numRuns: 100 });
  });

  it('is the same for the same seed', () => {
    assert.deepEqual(planSeed(200, 50, 7), planSeed(200, 50, 7));
    assert.notDeepEqual(planSeed(200, 50, 7).moves, planSeed(200, 50, 8).moves);
  });
});
