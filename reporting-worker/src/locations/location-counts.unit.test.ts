import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectedCountsByLocation } from '../testing/expected.js';
import { delivered, deliveryArbitrary, foldReports } from '../testing/fold.js';
import { parkedChildReplayed } from '../testing/parked-child.js';
import { scenarioArbitrary } from '../testing/scenario.js';
import type { ChangedLocationsDoc } from './changed-locations.js';
import type { LocationDoc } from './location-counts.js';

describe('location counts (the inventory status and counts reports), folded without a store', () => {
  it('every location counts the items the reference model has there, per item type, whatever the cross-aggregate order and replays (property 6)', () => {
    fc.assert(fc.property(scenarioArbitrary(), deliveryArbitrary, (scenario, delivery) => {
      const docs = foldReports(delivered(scenario.events, delivery));
      const locations = docs<LocationDoc>('locations');
      const expected = expectedCountsByLocation(scenario);
      for (const [locationId, reference] of scenario.locations) {
        const doc = locations.get(locationId);
        const byType = expected.get(locationId) ?? new Map<string, number>();
        assert.equal(doc?.itemCount ?? 0, [...byType.values()].reduce((a, b) => a + b, 0), `itemCount of ${locationId}`);
        for (const itemTypeId of scenario.itemTypeIds) assert.equal(doc?.byItemType?.[itemTypeId] ?? 0, byType.get(itemTypeId) ?? 0);
        assert.equal(doc?.parentLocationId, reference.parentLocationId);
        assert.equal(doc?.deleted, false);
      }
      // The note names every location, so a reader that has no snapshot yet reads them all.
      assert.deepEqual(new Set(docs<ChangedLocationsDoc>('packed').get('changed-locations')?.ids ?? []), new Set(locations.keys()));
    }), { numRuns: 300 });
  });

  it('a replayed registration that took over a parent\'s parked move counts nothing again', () => {
    const { events, from, to, itemTypeId } = parkedChildReplayed();
    const locations = foldReports(events)<LocationDoc>('locations');
    assert.deepEqual([locations.get(from)?.itemCount, locations.get(to)?.itemCount], [0, 2]);
    assert.deepEqual(locations.get(to)?.byItemType, { [itemTypeId]: 2 });
  });

  it('nothing is left parked on a child once every event is applied', () => {
    fc.assert(fc.property(scenarioArbitrary(), deliveryArbitrary, (scenario, delivery) => {
      const items = foldReports(delivered(scenario.events, delivery))<{ _id: string; pending?: Record<string, number> }>('items');
      for (const [id, { pending }] of items) assert.equal(pending, undefined, id);
    }), { numRuns: 100 });
  });
});
