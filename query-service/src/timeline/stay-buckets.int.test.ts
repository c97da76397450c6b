import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { commonEnvSchema, createMongo, loadConfig, storeConnectionOf } from '@inventory/platform';
import { ReadModelSpace, applyEvent } from '@inventory/projection';
import { useInfra } from '@inventory/testkit';
import { queryProjection } from '../projection.js';
import { InventoryWorld } from '../testing/inventory-world.js';
import { items } from '../items/item-doc.js';
import { OPEN_STAYS, allStaysOf, stayBuckets, stayOfItemAt } from './stay-buckets.js';
import { stayAt } from './stays.js';
import { timeline } from './timeline-projection.js';

/** Moves through the real store (each event its own unit of work); the 50,000-move case is the unit test's, in memory. */
const MOVES = 450;

describe('item stays in buckets against the real store', function () {
  this.timeout(600_000);

  it(`one item moved ${MOVES} times: its document stays bounded, sealed buckets hold the rest, history and points in time see every row`, async () => {
    const { env } = await useInfra();
    const database = `stays_test_${randomUUID().slice(0, 8)}`;
    const mongo = createMongo(storeConnectionOf(loadConfig(commonEnvSchema, env)), database);
    try {
      const space = new ReadModelSpace(mongo.db, queryProjection.name, 1);
      await queryProjection.setup(space);
      const world = new InventoryWorld('tester', { locations: 2, parents: 1, children: 0 });
      const [item] = world.items;
      for (let n = 0; n < MOVES; n++) world.move(item!, world.locationIds[(n + 1) % 2]!);
      for (const event of world.events) await applyEvent(queryProjection, event, space);

      const stays = (await items(space).findOne({ _id: item!.id }))!;
      assert.ok(stays.stays!.length <= OPEN_STAYS, `${stays.stays!.length} stays in the item's document`);
      assert.equal(stays.sealedStays?.length, Math.ceil((MOVES + 1 - OPEN_STAYS) / (OPEN_STAYS / 2)));
      assert.ok((await stayBuckets(space).find().toArray()).every((bucket) => bucket.rows.length <= OPEN_STAYS / 2));

      const rows = await timeline(space).find({ itemId: item!.id }).sort({ occurredAt: 1 }).toArray();
      assert.equal(rows.length, MOVES + 1);
      assert.deepEqual(new Set((await allStaysOf(space, stays)).map((stay) => stay.id)), new Set(rows.map((row) => row._id)));
      const all = rows.map((row) => ({ id: row._id, at: row.occurredAt }));
      for (const i of [0, 1, 50, 120, 260, MOVES - 1, MOVES]) {
        const at = new Date(rows[i]!.occurredAt.getTime() + 10);
        assert.deepEqual(await stayOfItemAt(space, stays, at), stayAt(all, at), `the stay after row ${i}`);
      }
    } finally {
      await mongo.db.dropDatabase();
      await mongo.client.close();
    }
  });
});
