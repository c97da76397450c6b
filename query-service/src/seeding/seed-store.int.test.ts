import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mongoFromEnv } from '@inventory/platform';
import { ReadModelSpace, applyEvent } from '@inventory/projection';
import { useInfra } from '@inventory/testkit';
import { queryProjection } from '../projection.js';
import { InventoryWorld } from '../testing/inventory-world.js';
import { snapshot } from '../testing/snapshot.js';
import { histories, registrations } from './registrations.js';
import { seedHistories, seedRegistrations } from './seed-store.js';

describe('seeding the query read models against the real store', function () {
  this.timeout(120_000);

  it('writes exactly what the projection (and its checkpoints) would for the same registrations', async () => {
    const { env } = await useInfra();
    const { client, db } = mongoFromEnv(env, `query_seed_test_${randomUUID().slice(0, 8)}`);
    try {
      const catalogue = new InventoryWorld('seeder', { locations: 3, parents: 0, children: 0 });
      const events = [...registrations({ count: 12, locationIds: catalogue.locationIds, perLocation: 5, itemTypeId: catalogue.itemTypeId, actorId: 'seeder' })];
      const [projected, seeded] = [new ReadModelSpace(db, queryProjection.name, 1), new ReadModelSpace(db, queryProjection.name, 2)];
      for (const space of [projected, seeded]) {
        await queryProjection.setup(space);
        for (const event of catalogue.events) await applyEvent(queryProjection, event, space);
      }
      for (const event of events) {
        await applyEvent(queryProjection, event, projected, { checkpoint: true });
      }
      assert.equal(await seedRegistrations(seeded, events), 12);
      const expected = await snapshot(db, projected.generation, []);
      assert.equal((expected.query_items ?? []).length, 12);
      assert.deepEqual(await snapshot(db, seeded.generation, []), expected);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });

  it('writes exactly what the projection would for registrations followed by moves', async () => {
    const { env } = await useInfra();
    const { client, db } = mongoFromEnv(env, `query_seed_test_${randomUUID().slice(0, 8)}`);
    try {
      const catalogue = new InventoryWorld('seeder', { locations: 3, parents: 0, children: 0 });
      // 12 items, 30 moves: every item moves twice, the first six three times.
      const seeded = [...histories({ count: 12, moves: 30, locationIds: catalogue.locationIds, perLocation: 5, itemTypeId: catalogue.itemTypeId, actorId: 'seeder' })];
      assert.deepEqual(seeded.map(({ moves }) => moves.length), [3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2]);
      const [projected, written] = [new ReadModelSpace(db, queryProjection.name, 1), new ReadModelSpace(db, queryProjection.name, 2)];
      for (const space of [projected, written]) {
        await queryProjection.setup(space);
        for (const event of catalogue.events) await applyEvent(queryProjection, event, space);
      }
      for (const { registration, moves } of seeded) {
        for (const event of [registration, ...moves]) {
          await applyEvent(queryProjection, event, projected, { checkpoint: true });
        }
      }
      assert.equal(await seedHistories(written, seeded), 12);
      const expected = await snapshot(db, projected.generation, []);
      assert.equal((expected.query_timeline ?? []).length, 12 + 30);
      assert.deepEqual(await snapshot(db, written.generation, []), expected);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});
