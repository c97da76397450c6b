import assert from 'node:assert/strict';
import { storeWritesOf } from '@inventory/platform';
import { CHECKPOINT_FIELD, ReadModelSpace, activeGeneration, type HostedCheckpoint } from '@inventory/projection';
import { items } from './items/item-doc.js';
import { queryProjection } from './projection.js';
import { QueryServiceHarness } from './testing/harness.js';
import { InventoryWorld } from './testing/inventory-world.js';

const MOVES = 12;

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([collection, n]) => [collection, n - (before[collection] ?? 0)]).filter(([, n]) => n !== 0));

describe('documents the query projection writes per move (real service, Kafka and store)', function () {
  this.timeout(300_000);
  let harness: QueryServiceHarness;

  before(async () => {
    harness = await QueryServiceHarness.start();
  });

  after(async () => {
    await harness?.stop();
  });

  it('a plain move writes its item (carrying the checkpoint), its timeline row and its contents buckets: no checkpoints document', async () => {
    const world = new InventoryWorld('writes', { locations: 3, parents: MOVES, children: 0 });
    await harness.publish(world.events);
    await harness.untilCaughtUp();
    const registry = harness.service.context.metrics.registry;
    const before = await storeWritesOf(registry, 'store_documents_written_total');
    const registered = world.events.length;
    // Every item once, so each move's item document is its own write.
    for (const item of world.items) world.move(item, world.locationIds.find((id) => id !== item.locationId)!);
    const moves = world.events.slice(registered);
    assert.equal(moves.length, MOVES);
    await harness.publish(moves);
    await harness.untilCaughtUp();
    const written = difference(await storeWritesOf(registry, 'store_documents_written_total'), before);
    assert.equal(written.query_checkpoints, undefined, JSON.stringify(written));
    assert.equal(written.query_items, MOVES, JSON.stringify(written));
    assert.equal(written.query_timeline, MOVES, JSON.stringify(written));
    const { db } = harness.service.context.mongo;
    const space = new ReadModelSpace(db, queryProjection.name, await activeGeneration(db, queryProjection.name));
    const docs = await items(space).find({}, { projection: { [CHECKPOINT_FIELD]: 1 } }).toArray();
    assert.deepEqual(docs.map((doc) => (doc as { [CHECKPOINT_FIELD]?: HostedCheckpoint })[CHECKPOINT_FIELD]), docs.map(() => 2), 'each item\'s checkpoint is its move');
  });
});
