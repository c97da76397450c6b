import assert from 'node:assert/strict';
import { seedWarehouse, useTestService } from '../testing/service.js';
import { commit } from './aggregate.js';
import { reserve, type Hold } from './holds.js';
import { withRecentOp } from './store.js';
import { STALE_HOLD_MS, sweepStaleHolds } from './stale-holds.js';
import { stamp } from './stamp.js';
import type { ItemDocument } from './documents.js';

/** A request that dies between reserving room and settling it leaves a hold; the sweep must resolve it either way. */
describe('stale hold sweep (real store)', function () {
  this.timeout(120_000);
  const suite = useTestService();

  const occupancy = async (locationId: string) => (await suite.model.locations.findOne({ _id: locationId }))!.occupancy;
  const later = (hold: Hold) => hold.at + STALE_HOLD_MS + 1;

  /** An item at `from` whose move to `to` (a location with room for 5) has reserved its slot and holds it as `op`. */
  const itemMovingWithHold = async (op: string) => {
    const { locationIds: [from, to], itemIds: [itemId] } = await seedWarehouse(suite.service, { capacity: 5 });
    const item = (await suite.model.items.findOne({ _id: itemId! }))!;
    const hold: Hold = { op, itemId: itemId!, n: 1, releaseFrom: from!, releaseN: 1, at: Date.now() };
    assert.ok(await reserve(suite.model, to!, [hold], { capacity: 5, rulesRevision: 0 }));
    return { from: from!, to: to!, itemId: itemId!, item, hold };
  };

  /** What a move that died right after its commit leaves: the item moved, its ItemMoved in the outbox (so
   * the event stream stays true for the other suites' read models), and the hold not yet settled. */
  const commitMoveThatDied = (item: ItemDocument, from: string, to: string, hold: Hold) => {
    const events = stamp([{ type: 'ItemMoved', data: { itemId: item._id, fromLocationId: from, toLocationId: to, reason: null, movedChildIds: [] } }], item._id, item.version, { actorId: 'tester', correlationId: hold.op });
    return commit(suite.model.items, item, { set: { locationId: to, recentOps: withRecentOp(item.recentOps, hold.op) }, held: [hold.op] }, events);
  };

  it('a move that died before committing: its reserved slot comes back, and it can no longer commit', async () => {
    const { from, to, item, hold } = await itemMovingWithHold('op-died-before-commit');
    assert.equal(await sweepStaleHolds(suite.model, hold.at + 1000), 0, 'a fresh hold belongs to a live request');
    assert.equal(await sweepStaleHolds(suite.model, later(hold)), 1);
    assert.deepEqual([await occupancy(to), await occupancy(from), (await suite.model.locations.findOne({ _id: to }))!.holds], [0, 1, []]);
    await assert.rejects(commit(suite.model.items, item, { set: { locationId: to } }, []), /changed meanwhile/, 'the fenced request must not commit late');
  });

  it('a move that died after committing: the hold is settled and the slot it left is freed', async () => {
    const { from, to, item, hold } = await itemMovingWithHold('op-died-after-commit');
    await commitMoveThatDied(item, from, to, hold);
    assert.equal(await sweepStaleHolds(suite.model, later(hold)), 1);
    assert.deepEqual([await occupancy(to), await occupancy(from), (await suite.model.locations.findOne({ _id: to }))!.holds], [1, 0, []]);
    const deleted = await suite.service.call('DELETE', `/api/v1/locations/${from}`);
    assert.equal(deleted.status, 200, 'the emptied location can be deleted again');
  });

  it('a move that died after committing is still seen as committed after many later moves of the item', async () => {
    const { from, to, itemId, item, hold } = await itemMovingWithHold('op-died-after-commit-then-moved');
    await commitMoveThatDied(item, from, to, hold);
    for (let move = 0; move < 11; move += 1) {
      const moved = await suite.service.call('POST', '/api/v1/moves', { itemId, toLocationId: move % 2 === 0 ? from : to });
      assert.equal(moved.status, 201, JSON.stringify(moved.body));
    }
    // 11 moves later the item stands at `from`: the stale hold must free the slot it left there, not take back `to`'s.
    assert.equal(await sweepStaleHolds(suite.model, later(hold)), 1);
    assert.deepEqual([await occupancy(to), await occupancy(from)], [0, 1]);
    // The sweep forgets its op; the relay drops the later moves' ops with their published events.
    const heldOps = async () => (await suite.model.items.findOne({ _id: itemId }))!.heldOps;
    for (const deadline = Date.now() + 10_000; (await heldOps())?.length !== 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await heldOps(), [], 'settled ops are forgotten, so the item does not grow');
  });
});
