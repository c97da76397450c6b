import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TOPICS, decodeConsistencyToken } from '@inventory/contracts';
import { writeModelOf } from '../store/documents.js';
import { seedWarehouse, startTestService, watchTopic, type TestService } from '../testing/service.js';

describe('moves through the HTTP API (real broker, registry and store)', function () {
  this.timeout(120_000);
  let service: TestService;
  before(async () => { service = await startTestService(); });
  after(async () => { await service?.stop(); });

  it('an accepted move publishes exactly its ItemMoved (Avro, via the registry); a refused one publishes nothing', async () => {
    const { locationIds: [from, to], itemIds: [itemId] } = await seedWarehouse(service, { capacity: 5 });
    const items = await watchTopic(TOPICS.items);
    try {
      const acceptedCorrelation = `move-ok-${randomUUID()}`;
      const accepted = await service.call('POST', '/api/v1/moves', { itemId, toLocationId: to, reason: 'restock' }, { 'x-request-id': acceptedCorrelation });
      assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
      assert.equal(accepted.body.move.itemId, itemId);
      const refusedCorrelation = `move-refused-${randomUUID()}`;
      const refused = await service.call('POST', '/api/v1/moves', { itemId, toLocationId: to }, { 'x-request-id': refusedCorrelation });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'NO_OP_MOVE');
      const seen = await items.until((events) => events.some((event) => event.metadata.eventId === accepted.body.move.eventId));
      // By correlation, not aggregate: the seeding's ItemRegistered may still be on its way from the outbox.
      const moved = seen.filter((event) => event.metadata.correlationId === acceptedCorrelation);
      assert.deepEqual(moved.map((event) => [event.type, event.data]), [['ItemMoved', { itemId, fromLocationId: from, toLocationId: to, reason: 'restock', movedChildIds: [] }]]);
      assert.equal(moved[0]!.metadata.actorId, 'tester');
      assert.equal(moved[0]!.metadata.aggregateId, itemId);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(items.seen.filter((event) => event.metadata.correlationId === refusedCorrelation).length, 0);
    } finally {
      await items.stop();
    }
  });

  it('moving a parent carries its assigned children: one ItemMoved naming them', async () => {
    const { itemTypeId, locationIds: [from, to], itemIds: [parentId] } = await seedWarehouse(service, { capacity: 5 });
    const child = await service.call('POST', '/api/v1/items', { itemTypeId, kind: 'CHILD', name: 'laptop', locationId: from });
    const assigned = await service.call('POST', `/api/v1/items/${child.body.item.id}/assignment`, { parentId });
    assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
    const alone = await service.call('POST', '/api/v1/moves', { itemId: child.body.item.id, toLocationId: to });
    assert.equal(alone.body.code, 'CHILD_ASSIGNED_MOVE_REFUSED');
    const items = await watchTopic(TOPICS.items);
    try {
      const moved = await service.call('POST', '/api/v1/moves', { itemId: parentId, toLocationId: to });
      assert.equal(moved.status, 201);
      const [event] = (await items.until((events) => events.some((e) => e.metadata.eventId === moved.body.move.eventId))).filter((e) => e.metadata.eventId === moved.body.move.eventId);
      assert.deepEqual(event!.type === 'ItemMoved' && event!.data.movedChildIds, [child.body.item.id]);
      // The child's registration and assignment travel on its own partition: the token names them too.
      const childVersion = (await writeModelOf(service.running.context.mongo.db).items.findOne({ _id: child.body.item.id }))!.version;
      assert.deepEqual(decodeConsistencyToken(moved.body.consistencyToken), [{ aggregateId: parentId, aggregateVersion: event!.metadata.aggregateVersion }, { aggregateId: child.body.item.id, aggregateVersion: childVersion }]);
      const emptied = await service.call('DELETE', `/api/v1/locations/${to}`);
      assert.equal(emptied.body.code, 'HAS_DEPENDANTS');
      const back = await service.call('POST', '/api/v1/moves/bulk', { moves: [{ itemId: parentId, toLocationId: from }] });
      assert.deepEqual(decodeConsistencyToken(back.body.consistencyToken)!.map((position) => position.aggregateId), [parentId, child.body.item.id], 'a bulk move names the children too');
    } finally {
      await items.stop();
    }
  });

  it('an Idempotency-Key replays the first response and publishes nothing new; another body with it is refused', async () => {
    const { locationIds: [, to], itemIds: [itemId] } = await seedWarehouse(service);
    const key = `key-${randomUUID()}`;
    const first = await service.call('POST', '/api/v1/moves', { itemId, toLocationId: to }, { 'idempotency-key': key });
    const again = await service.call('POST', '/api/v1/moves', { itemId, toLocationId: to }, { 'idempotency-key': key });
    assert.equal(first.status, 201);
    assert.deepEqual([again.status, again.body], [first.status, first.body]);
    const other = await service.call('POST', '/api/v1/moves', { itemId, toLocationId: to, reason: 'x' }, { 'idempotency-key': key });
    assert.equal(other.body.code, 'IDEMPOTENCY_KEY_REUSED');
  });
});
