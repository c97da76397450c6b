import assert from 'node:assert/strict';
import type { InventoryEvent } from '@inventory/contracts';
import fc from 'fast-check';
import type { Guarded } from '../shared/markers.js';
import { delivered, deliveryArbitrary, foldReports } from '../testing/fold.js';
import { parkedChildReplayed } from '../testing/parked-child.js';
import { scenarioArbitrary } from '../testing/scenario.js';
import { GUARDED_COLLECTIONS, type GuardedName, type SweepDoc } from './sweep-notes.js';

/** Asserts that every marker on a guarded document after `events` is named by its event's entry in a note; returns how many there are. */
function assertMarkersNoted(events: InventoryEvent[]): number {
  const docs = foldReports(events);
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
  return markers;
}

describe('sweep notes, folded without a store', () => {
  it('every marker on a document is named by its event\'s entry in a note, so the sweeper finds it by id', () => {
    fc.assert(fc.property(scenarioArbitrary(), deliveryArbitrary, (scenario, delivery) => {
      const markers = assertMarkersNoted(delivered(scenario.events, delivery));
      if (scenario.moves.length > 0) assert.ok(markers > 0);
    }), { numRuns: 100 });
  });

  it('a replay that marks fewer documents than the first pass (a parked child registered meanwhile) keeps the first pass\'s named', () => {
    // The parked child's document and the destination, marked by the move and the registration's takeover.
    assert.ok(assertMarkersNoted(parkedChildReplayed().events) >= 2);
  });
});
