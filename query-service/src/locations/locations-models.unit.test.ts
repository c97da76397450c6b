import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@inventory/contracts';
import { foldModels } from '@inventory/projection';
import fc from 'fast-check';
import { delivered, deliveryArbitrary, metadataOf } from '../testing/streams.js';
import { locationsModel, treeStampModel } from './locations-projection.js';

const locationTypeId = randomUUID();

/** A location's life: created, updated some times (renamed, re-parented, deactivated), maybe deleted. */
const locationStream = fc.record({
  updates: fc.array(fc.record({ name: fc.string({ maxLength: 6 }), active: fc.boolean(), reparent: fc.boolean() }), { maxLength: 4 }),
  deleted: fc.boolean(),
}).map(({ updates, deleted }): InventoryEvent[] => {
  const locationId = randomUUID();
  const events: InventoryEvent[] = [{ type: 'LocationCreated', metadata: metadataOf('LocationCreated', locationId, 1), data: { locationId, code: `C-${locationId.slice(0, 4)}`, name: 'new', locationTypeId, parentLocationId: null } }];
  updates.forEach(({ name, active, reparent }, i) => events.push({
    type: 'LocationUpdated', metadata: metadataOf('LocationUpdated', locationId, i + 2), data: { locationId, code: `C${i}-${locationId.slice(0, 4)}`, name, parentLocationId: reparent ? locationTypeId : null, active },
  }));
  if (deleted) events.push({ type: 'LocationDeleted', metadata: metadataOf('LocationDeleted', locationId, events.length + 1), data: { locationId } });
  return events;
});

/** The reference: the location as created, with its last update's fields; nothing once deleted. */
function expectedOf(streams: InventoryEvent[][]): Map<string, Record<string, unknown>> {
  const expected = new Map<string, Record<string, unknown>>();
  for (const stream of streams) {
    const [created, last] = [stream[0]!, stream.at(-1)!];
    if (created.type !== 'LocationCreated' || last.type === 'LocationDeleted') continue;
    const { locationId, code, name, parentLocationId } = last.type === 'LocationUpdated' ? last.data : created.data;
    const active = last.type === 'LocationUpdated' ? last.data.active : true;
    expected.set(locationId, { _id: locationId, code, name, locationTypeId, parentLocationId, active, version: last.metadata.aggregateVersion, createdAt: new Date(created.metadata.occurredAt), updatedAt: new Date(last.metadata.occurredAt) });
  }
  return expected;
}

describe('locations read model (pure evolve, no store)', () => {
  it('ends as the reference says whatever the interleaving of locations and a replayed stretch; the tree stamp names the last location event', () => {
    fc.assert(fc.property(fc.array(locationStream, { minLength: 1, maxLength: 6 }), deliveryArbitrary, (streams, { schedule, replay }) => {
      const events = delivered(streams, schedule, replay);
      const folded = foldModels([locationsModel, treeStampModel], events);
      const present = [...folded.get('locations')!.values()].filter((doc) => doc !== null);
      assert.deepEqual(new Map(present.map((doc) => [doc._id, doc])), expectedOf(streams));
      assert.deepEqual(folded.get('tree_stamp')!.get('tree'), { _id: 'tree', eventId: events.at(-1)!.metadata.eventId });
    }), { numRuns: 200 });
  });

  it('an update of a location it never saw created changes nothing', () => {
    const [, update] = fc.sample(locationStream.filter((stream) => stream[1]?.type === 'LocationUpdated'), 1)[0]!;
    assert.equal(locationsModel.evolve(null, update as InventoryEvent & { type: 'LocationUpdated' }, randomUUID()), null);
  });
});
