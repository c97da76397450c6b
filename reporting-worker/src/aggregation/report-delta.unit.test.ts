import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectedCountsByLocation, interleave } from '../testing/expected.js';
import { scenarioArbitrary } from '../testing/scenario.js';
import { guardedDocumentsOf, reportDelta, type ItemState } from './report-delta.js';

/** The store's semantics in memory: `$inc` on buckets, item state, and pending counts for children not registered yet. */
function fold(events: Parameters<typeof reportDelta>[0][]): { locations: Map<string, Record<string, number>>; movements: Map<string, Record<string, number>> } {
  const buckets = { locations: new Map<string, Record<string, number>>(), movements: new Map<string, Record<string, number>>() };
  const items = new Map<string, ItemState>();
  const add = (collection: 'locations' | 'movements', id: string, path: string, n: number): void => {
    const doc = buckets[collection].get(id) ?? {};
    doc[path] = (doc[path] ?? 0) + n;
    buckets[collection].set(id, doc);
  };
  for (const event of events) {
    const aggregate = items.get(event.metadata.aggregateId) ?? null;
    const delta = reportDelta(event, aggregate);
    for (const { collection, id, inc } of delta.increments) for (const [path, n] of Object.entries(inc)) add(collection, id, path, n);
    for (const { itemId, locationId, delta: n } of delta.childCounts) {
      const child = items.get(itemId) ?? {};
      if (child.itemTypeId) {
        add('locations', locationId, 'itemCount', n);
        add('locations', locationId, `byItemType.${child.itemTypeId}`, n);
      } else {
        items.set(itemId, { ...child, pending: { ...child.pending, [locationId]: (child.pending?.[locationId] ?? 0) + n } });
      }
    }
    if (delta.item) {
      const { pending, ...rest } = items.get(delta.item.id) ?? {};
      items.set(delta.item.id, { ...rest, ...(delta.item.clearPending ? {} : pending && { pending }), ...delta.item.set });
    }
  }
  return buckets;
}

describe('reportDelta (pure aggregation rule)', () => {
  it('bucket sums equal the reference counts, in any cross-aggregate order (property 6, pure)', () => {
    fc.assert(fc.property(scenarioArbitrary(), fc.array(fc.nat(), { minLength: 1 }), (scenario, choices) => {
      const { locations } = fold(interleave(scenario.events, choices));
      const expected = expectedCountsByLocation(scenario);
      for (const locationId of scenario.locations.keys()) {
        const doc = locations.get(locationId) ?? {};
        const byType = expected.get(locationId) ?? new Map<string, number>();
        assert.equal(doc.itemCount ?? 0, [...byType.values()].reduce((a, b) => a + b, 0), `itemCount of ${locationId}`);
        for (const itemTypeId of scenario.itemTypeIds) assert.equal(doc[`byItemType.${itemTypeId}`] ?? 0, byType.get(itemTypeId) ?? 0);
      }
    }), { numRuns: 300 });
  });

  it('every move is counted once in its day and hour bucket and its item type\'s, out of its source and into its destination', () => {
    fc.assert(fc.property(scenarioArbitrary(), (scenario) => {
      const { movements } = fold(scenario.events);
      const typeOf = new Map(scenario.events.flatMap((e) => (e.type === 'ItemRegistered' ? [[e.data.itemId, e.data.itemTypeId] as const] : [])));
      const moves = (id: string) => Object.entries(movements.get(id) ?? {}).filter(([path]) => path.startsWith('byType.')).reduce((sum, [, n]) => sum + n, 0);
      const days = new Set(scenario.moves.map((move) => `d:${new Date(move.metadata.occurredAt).toISOString().slice(0, 10)}`));
      assert.equal([...days].reduce((sum, id) => sum + moves(id), 0), scenario.moves.length);
      const typedDays = new Set(scenario.moves.map((move) => `d:${new Date(move.metadata.occurredAt).toISOString().slice(0, 10)}|${typeOf.get(move.data.itemId)}`));
      assert.equal([...typedDays].reduce((sum, id) => sum + moves(id), 0), scenario.moves.length);
      for (const { metadata, data } of scenario.moves) {
        const hour = `h:${new Date(metadata.occurredAt).toISOString().slice(0, 13)}`;
        for (const id of [hour, `${hour}|${typeOf.get(data.itemId)}`]) {
          assert.ok((movements.get(id)?.[`in.${data.toLocationId}`] ?? 0) > 0, id);
          assert.ok((movements.get(id)?.[`out.${data.fromLocationId}`] ?? 0) > 0, id);
        }
      }
    }), { numRuns: 100 });
  });

  it('a move names every document it marks, for the sweeper', () => {
    fc.assert(fc.property(scenarioArbitrary(), (scenario) => {
      const items = new Map<string, ItemState>();
      for (const event of scenario.events) {
        const delta = reportDelta(event, items.get(event.metadata.aggregateId) ?? null);
        if (delta.item) items.set(delta.item.id, { ...items.get(delta.item.id), ...delta.item.set });
        const touched = guardedDocumentsOf(delta);
        for (const { collection, id } of delta.increments) assert.ok(touched[collection]?.includes(id), id);
        for (const { itemId } of delta.childCounts) assert.ok(touched.items?.includes(itemId), itemId);
        if (delta.move) assert.deepEqual(touched.moveLog, [`m:${new Date(delta.move.at).toISOString().slice(0, 16)}`]);
      }
    }), { numRuns: 100 });
  });

  it('dwell time is the time between arriving on its own and moving away', () => {
    const base = { actorId: 'a', correlationId: 'c', causationId: null };
    const itemId = 'i';
    const registered = reportDelta({ type: 'ItemRegistered', metadata: { ...base, eventId: 'e1', eventType: 'ItemRegistered', aggregateId: itemId, aggregateVersion: 1, occurredAt: 1000 }, data: { itemId, itemTypeId: 't', kind: 'PARENT', name: 'n', serialNumber: null, barcode: null, attributes: {}, locationId: 'a' } }, null);
    const moved = reportDelta({ type: 'ItemMoved', metadata: { ...base, eventId: 'e2', eventType: 'ItemMoved', aggregateId: itemId, aggregateVersion: 2, occurredAt: 61_000 }, data: { itemId, fromLocationId: 'a', toLocationId: 'b', reason: null, movedChildIds: [] } }, registered.item!.set);
    assert.equal(moved.increments.find((i) => i.id === 'd:1970-01-01')?.inc['dwellMs.a'], 60_000);
    assert.equal(moved.increments.find((i) => i.id === 'd:1970-01-01|t')?.inc['dwellMs.a'], 60_000);
    assert.equal(moved.move?.dwellMs, 60_000);
  });
});
