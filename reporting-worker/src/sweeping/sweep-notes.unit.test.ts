import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Guarded } from '../shared/markers.js';
import { delivered, deliveryArbitrary, foldReports } from '../testing/fold.js';
import { scenarioArbitrary } from '../testing/scenario.js';
import { GUARDED_COLLECTIONS, type GuardedName, type SweepDoc } from './sweep-notes.js';

describe('sweep notes, folded without a store', () => {
  it('every marker on a document is named by its event\'s entry in a note, so the sweeper finds it by id', () => {
    fc.assert(fc.property(scenarioArbitrary(), deliveryArbitrary, (scenario, delivery) => {
      const docs = foldReports(delivered(scenario.events, delivery));
      const notes = new Map([...docs<SweepDoc>('sweeps').values()].flatMap((note) => Object.entries(note.events)));
      let markers = 0;
      for (const [name, collection] of Object.entries(GUARDED_COLLECTIONS) as [GuardedName, string][]) {
        for (const [id, { applied }] of docs<Guarded>(collection)) {
          for (const eventId of applied ?? []) {
            markers += 1;
            assert.ok(notes.get(eventId)?.touched[name]?.includes(id), `${collection} ${id} marked by ${eventId}`);
          }
        }
      }
      if (scenario.moves.length > 0) assert.ok(markers > 0);
    }), { numRuns: 100 });
  });
});
