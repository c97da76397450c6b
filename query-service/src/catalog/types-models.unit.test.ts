import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@inventory/contracts';
import { foldModels } from '@inventory/projection';
import fc from 'fast-check';
import { delivered, deliveryArbitrary, metadataOf } from '../testing/streams.js';
import { itemTypesModel, locationTypesModel } from './types-projection.js';

/** A location type's life: defined, updated some times, maybe removed (the command side's order). */
const locationTypeStream = fc.record({
  names: fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }),
  capacities: fc.array(fc.option(fc.nat({ max: 9 }), { nil: null }), { minLength: 4, maxLength: 4 }),
  removed: fc.boolean(),
}).map(({ names, capacities, removed }): InventoryEvent[] => {
  const locationTypeId = randomUUID();
  const events: InventoryEvent[] = names.map((name, i) => ({
    type: i === 0 ? 'LocationTypeDefined' : 'LocationTypeUpdated',
    metadata: metadataOf(i === 0 ? 'LocationTypeDefined' : 'LocationTypeUpdated', locationTypeId, i + 1),
    data: { locationTypeId, name, allowedItemTypeIds: i % 2 ? [locationTypeId] : null, capacity: capacities[i]! },
  }) as InventoryEvent);
  if (removed) events.push({ type: 'LocationTypeRemoved', metadata: metadataOf('LocationTypeRemoved', locationTypeId, names.length + 1), data: { locationTypeId } });
  return events;
});

const itemTypeStream = fc.record({ names: fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }), removed: fc.boolean() }).map(({ names, removed }): InventoryEvent[] => {
  const itemTypeId = randomUUID();
  const events: InventoryEvent[] = names.map((name, i) => ({
    type: i === 0 ? 'ItemTypeDefined' : 'ItemTypeUpdated',
    metadata: metadataOf(i === 0 ? 'ItemTypeDefined' : 'ItemTypeUpdated', itemTypeId, i + 1),
    data: { itemTypeId, name, attributesSchema: i % 2 ? '{"type":"object"}' : null },
  }) as InventoryEvent);
  if (removed) events.push({ type: 'ItemTypeRemoved', metadata: metadataOf('ItemTypeRemoved', itemTypeId, names.length + 1), data: { itemTypeId } });
  return events;
});

/** The reference: what each stream's last definition says, created at its first event; nothing once removed. */
function expectedOf(streams: InventoryEvent[][]): Map<string, Record<string, unknown>> {
  const expected = new Map<string, Record<string, unknown>>();
  for (const stream of streams) {
    const last = stream.at(-1)!;
    if (last.type === 'LocationTypeRemoved' || last.type === 'ItemTypeRemoved') continue;
    const times = { version: last.metadata.aggregateVersion, createdAt: new Date(stream[0]!.metadata.occurredAt), updatedAt: new Date(last.metadata.occurredAt) };
    if (last.type === 'LocationTypeDefined' || last.type === 'LocationTypeUpdated') {
      const { locationTypeId, name, allowedItemTypeIds, capacity } = last.data;
      expected.set(locationTypeId, { _id: locationTypeId, name, allowedItemTypeIds, capacity, ...times });
    } else if (last.type === 'ItemTypeDefined' || last.type === 'ItemTypeUpdated') {
      expected.set(last.data.itemTypeId, { _id: last.data.itemTypeId, name: last.data.name, attributesSchemaJson: last.data.attributesSchema, ...times });
    }
  }
  return expected;
}

describe('catalog type read models (pure evolve, no store)', () => {
  it('end as the reference says whatever the interleaving of aggregates and a replayed stretch', () => {
    fc.assert(fc.property(fc.array(locationTypeStream, { maxLength: 5 }), fc.array(itemTypeStream, { maxLength: 5 }), deliveryArbitrary, (locationStreams, itemStreams, { schedule, replay }) => {
      const streams = [...locationStreams, ...itemStreams];
      const folded = foldModels([locationTypesModel, itemTypesModel], delivered(streams, schedule, replay));
      const present = [...folded.values()].flatMap((docs) => [...docs.values()]).filter((doc) => doc !== null);
      assert.deepEqual(new Map(present.map((doc) => [doc._id, doc])), expectedOf(streams));
    }), { numRuns: 200 });
  });

  it('leave a document as it is (no write) for an event it has already seen', () => {
    const [defined, updated] = fc.sample(locationTypeStream.filter((stream) => stream[1]?.type === 'LocationTypeUpdated'), 1)[0]! as [InventoryEvent & { type: 'LocationTypeDefined' }, InventoryEvent & { type: 'LocationTypeUpdated' }];
    const doc = locationTypesModel.evolve(locationTypesModel.evolve(null, defined, defined.data.locationTypeId), updated, updated.data.locationTypeId);
    assert.equal(locationTypesModel.evolve(doc, defined, defined.data.locationTypeId), doc);
  });
});
