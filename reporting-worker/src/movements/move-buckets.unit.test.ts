import assert from 'node:assert/strict';
import fc from 'fast-check';
import { delivered, deliveryArbitrary, foldReports } from '../testing/fold.js';
import { scenarioArbitrary } from '../testing/scenario.js';
import type { MoveLogDoc, MovementBucketDoc } from './move-buckets.js';
import { decodeMove, moveLogIdsOf } from './move-log.js';
import { coverRange, typedBucketId } from './time-buckets.js';

describe('movement buckets and the move log (the movements report), folded without a store', () => {
  it('the buckets and logged edges covering a range count exactly its moves, in and out per location, in all and per item type (property 7)', () => {
    fc.assert(fc.property(scenarioArbitrary(), deliveryArbitrary, fc.nat(), fc.nat(), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), (scenario, delivery, a, b, nudgeFrom, nudgeTo) => {
      fc.pre(scenario.moves.length > 0);
      const docs = foldReports(delivered(scenario.events, delivery));
      const [buckets, logs] = [docs<MovementBucketDoc>('movements'), docs<MoveLogDoc>('move_log')];
      const typeOf = new Map(scenario.events.flatMap((e) => (e.type === 'ItemRegistered' ? [[e.data.itemId, e.data.itemTypeId] as const] : [])));
      const times = scenario.moves.map((move) => move.metadata.occurredAt);
      const from = times[a % times.length]! + nudgeFrom;
      const to = Math.max(from + 1, times[b % times.length]! + nudgeTo);
      const { buckets: pieces, logRanges } = coverRange(from, to);
      for (const itemType of [undefined, ...scenario.itemTypeIds]) {
        const moves = new Map<string, number>();
        const add = (key: string, n: number): void => void moves.set(key, (moves.get(key) ?? 0) + n);
        for (const { id } of pieces) {
          const bucket = buckets.get(itemType === undefined ? id : typedBucketId(id, itemType));
          for (const [key, n] of Object.entries(bucket?.byType ?? {})) add(`type ${key}`, n);
          for (const [key, n] of Object.entries(bucket?.in ?? {})) add(`in ${key}`, n);
          for (const [key, n] of Object.entries(bucket?.out ?? {})) add(`out ${key}`, n);
        }
        for (const [start, end] of logRanges) {
          for (const logId of moveLogIdsOf(start, end)) {
            for (const move of (logs.get(logId)?.moves ?? []).map(decodeMove)) {
              if (move.at < start || move.at >= end || (itemType !== undefined && move.itemTypeId !== itemType)) continue;
              add(`type ${move.itemTypeId}`, 1);
              add(`in ${move.toLocationId}`, 1);
              add(`out ${move.fromLocationId}`, 1);
            }
          }
        }
        const expected = new Map<string, number>();
        for (const { metadata, data } of scenario.moves) {
          const type = typeOf.get(data.itemId)!;
          if (metadata.occurredAt < from || metadata.occurredAt >= to || (itemType !== undefined && type !== itemType)) continue;
          for (const key of [`type ${type}`, `in ${data.toLocationId}`, `out ${data.fromLocationId}`]) expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        assert.deepEqual(new Map([...moves].filter(([, n]) => n !== 0)), expected, `[${from}, ${to}) ${itemType ?? 'all types'}`);
      }
    }), { numRuns: 200 });
  });

  it('dwell time is the time between arriving on its own and moving away, per source location', () => {
    const base = { actorId: 'a', correlationId: 'c', causationId: null };
    const itemId = 'i';
    const docs = foldReports([
      { type: 'ItemRegistered', metadata: { ...base, eventId: 'e1', eventType: 'ItemRegistered', aggregateId: itemId, aggregateVersion: 1, occurredAt: 1000 }, data: { itemId, itemTypeId: 't', kind: 'PARENT', name: 'n', serialNumber: null, barcode: null, attributes: {}, locationId: 'a' } },
      { type: 'ItemMoved', metadata: { ...base, eventId: 'e2', eventType: 'ItemMoved', aggregateId: itemId, aggregateVersion: 2, occurredAt: 61_000 }, data: { itemId, fromLocationId: 'a', toLocationId: 'b', reason: null, movedChildIds: [] } },
    ]);
    const buckets = docs<MovementBucketDoc>('movements');
    assert.equal(buckets.get('d:1970-01-01')?.dwellMs?.a, 60_000);
    assert.equal(buckets.get('d:1970-01-01|t')?.dwellMs?.a, 60_000);
    assert.equal(decodeMove(docs<MoveLogDoc>('move_log').get('m:1970-01-01T00:01')!.moves![0]!).dwellMs, 60_000);
  });
});
