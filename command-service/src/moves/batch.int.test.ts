import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeConsistencyToken } from '@inventory/contracts';
import { CommitWindowClosed, newCommandMark } from '../store/command-mark.js';
import type { WriteModel } from '../store/documents.js';
import { moveDistinctItems } from './batch.js';
import { seedWarehouse, useTestService } from '../testing/service.js';

/** Counters and holds against counted reality: what every batch must leave behind. */
async function assertCountersTrue(model: WriteModel) {
  const items = await model.items.find({ deleted: false }).toArray();
  for (const location of await model.locations.find({}).toArray()) {
    const inside = items.filter((item) => item.locationId === location._id).reduce((sum, item) => sum + 1 + item.children.length, 0);
    assert.equal(location.occupancy, inside, `occupancy of ${location.code}`);
    assert.deepEqual(location.holds, [], `holds left on ${location.code}`);
  }
}

/** Moves written together (bulk requests, and single moves grouped while the store is busy). */
describe('moves in batches (real store)', function () {
  this.timeout(120_000);
  const suite = useTestService();

  it('a bulk request into a bay of capacity k moves exactly k, refuses the rest, and runs moves of one item in order', async () => {
    const capacity = 5;
    const { locationIds: [yard, bay, spare], itemIds } = await seedWarehouse(suite.service, { capacity, locations: 3, items: 12 });
    const [first] = itemIds;
    const { status, body } = await suite.service.call('POST', '/api/v1/moves/bulk', {
      moves: [{ itemId: first, toLocationId: spare }, ...itemIds.map((itemId) => ({ itemId, toLocationId: bay })), { itemId: first, toLocationId: yard }],
    });
    assert.equal(status, 200);
    const outcomes = body.results.map((result: { outcome: string; problem?: { code: string } }) => result.problem?.code ?? result.outcome);
    assert.equal(outcomes[0], 'MOVED');
    assert.equal(outcomes.slice(1, -1).filter((outcome: string) => outcome === 'MOVED').length, capacity);
    assert.deepEqual(new Set(outcomes.slice(1, -1).filter((outcome: string) => outcome !== 'MOVED')), new Set(['CAPACITY_EXCEEDED']));
    const firstMovedToBay = outcomes[1] === 'MOVED';
    const last = body.results.at(-1);
    assert.equal(last.outcome, 'MOVED', JSON.stringify(last));
    assert.equal(last.move.fromLocationId, firstMovedToBay ? bay : spare, 'the last move of an item starts where its earlier one ended');
    await assertCountersTrue(suite.model);
  });

  it('a move whose Idempotency-Key attempt is past its commit window fails alone; the others of its round move', async () => {
    const { locationIds: [, bay], itemIds: [late, onTime] } = await seedWarehouse(suite.service, { locations: 2, items: 2 });
    const context = { actorId: 'tester', correlationId: randomUUID() };
    const store = { model: suite.model, wake: () => undefined };
    const [lateOutcome, onTimeOutcome] = await moveDistinctItems(store, [
      { command: { itemId: late!, toLocationId: bay!, reason: null }, context: { ...context, mark: newCommandMark(Date.now() - 1) } },
      { command: { itemId: onTime!, toLocationId: bay!, reason: null }, context },
    ]);
    assert.ok(lateOutcome instanceof CommitWindowClosed, String(lateOutcome));
    assert.ok(!(onTimeOutcome instanceof Error), String(onTimeOutcome));
    const [lateItem, onTimeItem] = await Promise.all([late!, onTime!].map(async (id) => (await suite.model.items.findOne({ _id: id }))!));
    assert.deepEqual([lateItem!.locationId === bay, onTimeItem!.locationId], [false, bay]);
    await assertCountersTrue(suite.model);
  });

  it('a bulk request moving 150 items answers a token naming every one of them', async () => {
    const { locationIds: [, bay], itemIds } = await seedWarehouse(suite.service, { locations: 2, items: 150 });
    const { body } = await suite.service.call('POST', '/api/v1/moves/bulk', { moves: itemIds.map((itemId) => ({ itemId, toLocationId: bay })) });
    const positions = decodeConsistencyToken(body.consistencyToken);
    assert.deepEqual(new Set(positions?.map((position) => position.aggregateId)), new Set(itemIds));
  });

  it('single moves racing a bulk request over the same items: each item ends in one place, counters stay true', async () => {
    const { locationIds: [, bay, spare], itemIds } = await seedWarehouse(suite.service, { capacity: 8, locations: 3, items: 16 });
    const [bulk, ...singles] = await Promise.all([
      suite.service.call('POST', '/api/v1/moves/bulk', { moves: itemIds.map((itemId) => ({ itemId, toLocationId: bay })) }),
      ...itemIds.map((itemId) => suite.service.call('POST', '/api/v1/moves', { itemId, toLocationId: spare })),
    ]);
    assert.equal(bulk!.status, 200);
    const refusals = [...bulk!.body.results.flatMap((result: { problem?: { code: string } }) => result.problem?.code ?? []), ...singles.filter((answer) => answer.status !== 201).map((answer) => answer.body.code)];
    assert.deepEqual(new Set(refusals), new Set(refusals.length > 0 ? ['CAPACITY_EXCEEDED'] : []), JSON.stringify(refusals));
    const items = await suite.model.items.find({ _id: { $in: itemIds } }).toArray();
    for (const place of [bay, spare]) assert.ok(items.filter((item) => item.locationId === place).length <= 8, `over capacity at ${place}`);
    await assertCountersTrue(suite.model);
  });
});
