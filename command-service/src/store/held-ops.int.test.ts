import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import { EventCodec } from '@inventory/contracts';
import { countStoreWrites, mongoFromEnv, storeWritesOf } from '@inventory/platform';
import { OutboxRelay } from '../outbox/relay.js';
import { seedWarehouse, useTestService } from '../testing/service.js';
import { commit } from './aggregate.js';
import { writeModelOf, type WriteModel } from './documents.js';
import { HeldOps, type OpsHolder } from './held-ops.js';
import { stamp } from './stamp.js';
import { withHeldOp } from './store.js';

/** A settled hold's op is forgotten on its item: in the relay's write of that item when one is due, else in a write of its own. */
describe('held ops forgotten after settle (real store, broker and registry)', function () {
  this.timeout(120_000);
  const suite = useTestService();
  let mongo: MongoClient;
  let model: WriteModel;
  let relay: OutboxRelay;
  let counted: ReturnType<typeof countStoreWrites>;

  before(async () => {
    const { env } = suite.service;
    // A client of our own on the service's database, so only this relay's and this test's writes are counted.
    ({ client: mongo } = mongoFromEnv(env, suite.service.database));
    await mongo.connect();
    counted = countStoreWrites(mongo);
    model = writeModelOf(mongo.db(suite.service.database));
    const kafka = new Kafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'held-ops-test', logLevel: logLevel.NOTHING });
    relay = new OutboxRelay({ kafka, codec: new EventCodec(env.SCHEMA_REGISTRY_URL!), model, sweepMs: 600_000 });
    await relay.start();
  });

  after(async () => {
    await relay?.stop();
    await mongo?.close();
  });

  const itemWrites = async () => (await storeWritesOf(counted)).items ?? 0;

  /** An item that committed a move with `op` held: the ItemMoved in its outbox, the op in heldOps (what a move leaves before settle). */
  async function movedWithHeldOp(op: string, publish: boolean) {
    const { locationIds: [from, to], itemIds: [itemId] } = await seedWarehouse(suite.service);
    await until(async () => (await model.items.findOne({ _id: itemId! }))!.outbox.length === 0);
    const item = (await model.items.findOne({ _id: itemId! }))!;
    const events = publish ? stamp([{ type: 'ItemMoved', data: { itemId: item._id, fromLocationId: from!, toLocationId: to!, reason: null, movedChildIds: [] } }], item._id, item.version, { actorId: 'tester', correlationId: op }) : [];
    await commit(model.items, item, { ...(publish && { locationId: to! }), ...withHeldOp(item, op) }, events);
    return (await model.items.findOne({ _id: itemId! }))!;
  }

  it('rides in the relay\'s write of the item when the relay is about to publish it: one write, not two', async () => {
    const item = await movedWithHeldOp('op-rides-along', true);
    const before = await itemWrites();
    relay.wake('items', item._id);
    await model.heldOps.forget([{ itemId: item._id, op: 'op-rides-along' }]);
    await until(async () => (await model.items.findOne({ _id: item._id }))!.outbox.length === 0);
    const after = (await model.items.findOne({ _id: item._id }))!;
    assert.deepEqual(after.heldOps, []);
    assert.equal(after.revision, item.revision + 1, 'the relay\'s write bumps the revision, so a commit that read the old heldOps retries');
    assert.equal(await itemWrites() - before, 1, 'the relay\'s write alone');
  });

  it('is written at once when no write of the item is due', async () => {
    const item = await movedWithHeldOp('op-alone', false);
    const before = await itemWrites();
    await model.heldOps.forget([{ itemId: item._id, op: 'op-alone' }]);
    assert.deepEqual((await model.items.findOne({ _id: item._id }))!.heldOps, []);
    assert.equal(await itemWrites() - before, 1);
  });

  it('is written by the relay\'s pass when the announced item turns out to have nothing to publish', async () => {
    const item = await movedWithHeldOp('op-nothing-to-publish', false);
    relay.wake('items', item._id);
    await model.heldOps.forget([{ itemId: item._id, op: 'op-nothing-to-publish' }]);
    await until(async () => (await model.items.findOne({ _id: item._id }))!.heldOps?.length === 0);
  });

  it('keeps what is due until its writer writes or gives it back, and flushes it on request', async () => {
    const item = await movedWithHeldOp('op-due', false);
    const held = new HeldOps(mongo.db(suite.service.database).collection<OpsHolder>('items'));
    held.writeAlongWith({ willWrite: (id) => id === item._id });
    await held.forget([{ itemId: item._id, op: 'op-due' }]);
    assert.deepEqual((await model.items.findOne({ _id: item._id }))!.heldOps, ['op-due'], 'left for the writer');
    const taken = held.take([item._id]);
    assert.deepEqual([...taken], [[item._id, ['op-due']]]);
    held.giveBack(taken);
    await held.flush();
    assert.deepEqual((await model.items.findOne({ _id: item._id }))!.heldOps, []);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
