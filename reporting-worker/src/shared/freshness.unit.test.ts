import assert from 'node:assert/strict';
import { foldModels } from '@inventory/projection';
import fc from 'fast-check';
import { CHANGED_LOCATIONS, type ChangedLocationsDoc } from '../locations/changed-locations.js';
import { REPORT_MODELS } from '../reports-projection.js';
import { delivered, deliveryArbitrary } from '../testing/fold.js';
import { scenarioArbitrary } from '../testing/scenario.js';
import { freshnessModel } from './freshness.js';

const noteAfter = (models: typeof REPORT_MODELS, events: Parameters<typeof foldModels>[1]) => foldModels(models, events).get('packed')?.get(CHANGED_LOCATIONS) as ChangedLocationsDoc | undefined;

describe('freshness, kept on the note of changed locations', () => {
  it('names an event of the newest occurrence time whatever the interleaving and a crash replaying events, and leaves the note\'s changes as they were', () => {
    fc.assert(fc.property(scenarioArbitrary(), deliveryArbitrary, (scenario, delivery) => {
      fc.pre(scenario.events.length > 0);
      const events = delivered(scenario.events, delivery);
      const note = noteAfter(REPORT_MODELS, events)!;
      const newestAt = Math.max(...scenario.events.map(({ metadata }) => metadata.occurredAt));
      const newest = scenario.events.find(({ metadata }) => metadata.eventId === note.newest?.eventId)!;
      assert.deepEqual([note.newest?.aggregateId, note.newest?.aggregateVersion, note.newest?.occurredAt.getTime()], [newest.metadata.aggregateId, newest.metadata.aggregateVersion, newest.metadata.occurredAt]);
      assert.equal(newest.metadata.occurredAt, newestAt);
      const { newest: _freshness, ...changes } = note;
      const withoutFreshness = noteAfter(REPORT_MODELS.filter((model) => model !== freshnessModel), events);
      assert.deepEqual(changes, withoutFreshness ?? { _id: CHANGED_LOCATIONS, ids: [], touches: 0 });
    }), { numRuns: 200 });
  });
});
