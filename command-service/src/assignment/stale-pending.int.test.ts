import assert from 'node:assert/strict';
import { seedWarehouse, useTestService } from '../testing/service.js';
import { commit } from '../store/aggregate.js';
import { STALE_HOLD_MS } from '../store/stale-holds.js';
import { stamp } from '../store/stamp.js';
import { withRecentOp } from '../store/store.js';

/** An assignment request that died after marking the parent must not pin the parent for ever. */
describe('abandoned assignments (real store)', function () {
  this.timeout(120_000);
  const suite = useTestService();

  /** A parent and a child at the first location, and the parent marked as a dead request would leave it. */
  async function abandoned(ageMs: number) {
    const { itemTypeId, locationIds: [here, there], itemIds: [parentId] } = await seedWarehouse(suite.service, { items: 1 });
    const child = (await suite.service.call('POST', '/api/v1/items', { itemTypeId, kind: 'CHILD', name: 'child', locationId: here })).body.item.id as string;
    const op = `op-${child}`;
    const pending = JSON.stringify({ op, childId: child, at: Date.now() - ageMs });
    await suite.model.items.updateOne({ _id: parentId! }, { $push: { pendingChildren: pending }, $inc: { revision: 1 } });
    const move = () => suite.service.call('POST', '/api/v1/moves', { itemId: parentId, toLocationId: there });
    return { parentId: parentId!, child, op, here: here!, there: there!, move };
  }

  it('a fresh entry belongs to a live request: the parent waits (409)', async () => {
    const { move } = await abandoned(0);
    assert.equal((await move()).body.code, 'CONCURRENT_MODIFICATION');
  });

  it('the child never committed: the entry goes, the child can no longer commit late, the parent moves alone', async () => {
    const { parentId, child, move } = await abandoned(STALE_HOLD_MS + 1000);
    const before = (await suite.model.items.findOne({ _id: child }))!;
    const moved = await move();
    assert.equal(moved.status, 201, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.move.movedChildIds, []);
    const parent = (await suite.model.items.findOne({ _id: parentId }))!;
    assert.deepEqual([parent.pendingChildren, parent.children], [[], []]);
    await assert.rejects(commit(suite.model.items, before, { set: { parentId } }, []), /changed meanwhile/);
  });

  it('the child committed its assignment: the parent takes it as a child and carries it along', async () => {
    const { parentId, child, op, move } = await abandoned(STALE_HOLD_MS + 1000);
    const current = (await suite.model.items.findOne({ _id: child }))!;
    await commit(suite.model.items, current, { set: { parentId, locationId: null, recentOps: [op] } }, []);
    const moved = await move();
    assert.equal(moved.status, 201, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.move.movedChildIds, [child]);
    const parent = (await suite.model.items.findOne({ _id: parentId }))!;
    assert.deepEqual([parent.pendingChildren, parent.children.map((ref) => ref.id)], [[], [child]]);
  });

  it('the child committed its release and then moved many times: the parent still lets it go', async () => {
    const { itemTypeId, locationIds: [here, there], itemIds: [parentId] } = await seedWarehouse(suite.service, { items: 1 });
    const child = (await suite.service.call('POST', '/api/v1/items', { itemTypeId, kind: 'CHILD', name: 'child', locationId: here })).body.item.id as string;
    const assigned = await suite.service.call('POST', `/api/v1/items/${child}/assignment`, { parentId });
    assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
    // The release request dies after its commit (the child's, with its ChildReleased, as the handler writes it), before the parent's update.
    const released = (await suite.model.items.findOne({ _id: child }))!;
    const events = stamp([{ type: 'ChildReleased', data: { childId: child, parentId: parentId!, locationId: here!, reason: null } }], child, released.version, { actorId: 'tester', correlationId: 'died' });
    const op = events[0]!.metadata.eventId;
    const pending = JSON.stringify({ op, childId: child, at: Date.now() - STALE_HOLD_MS - 1000 });
    await suite.model.items.updateOne({ _id: parentId }, { $push: { pendingChildren: pending }, $inc: { revision: 1 } });
    await commit(suite.model.items, released, { set: { parentId: null, locationId: here!, recentOps: withRecentOp(released.recentOps, op) } }, events, { parentId });
    for (let n = 0; n < 11; n += 1) {
      const moved = await suite.service.call('POST', '/api/v1/moves', { itemId: child, toLocationId: n % 2 === 0 ? there : here });
      assert.equal(moved.status, 201, JSON.stringify(moved.body));
    }
    const moved = await suite.service.call('POST', '/api/v1/moves', { itemId: parentId, toLocationId: there });
    assert.equal(moved.status, 201, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.move.movedChildIds, [], 'the released child stays where it is');
    const parent = (await suite.model.items.findOne({ _id: parentId! }))!;
    assert.deepEqual([parent.pendingChildren, parent.children], [[], []]);
  });
});
