import assert from 'node:assert/strict';
import type { CommandStartedEvent, Document } from 'mongodb';
import { assertNoCollectionScan, skipBecause } from '@inventory/testkit';
import { QueryServiceHarness } from './testing/harness.js';
import { InventoryWorld } from './testing/inventory-world.js';

/**
 * Issue 18.3: on MongoDB the query service's lookups and filtered listings read through indexes.
 * The routes run for real; every `find` they send (seen through command monitoring) is explained.
 * Runs under `npm run test:containers`; on ferretdb-local (no secondary index) it skips.
 */
describe('query service query plans (MongoDB profile)', () => {
  let harness: QueryServiceHarness | undefined;
  let world: InventoryWorld;

  before(async function () {
    harness = await QueryServiceHarness.start();
    const { profile } = harness.service.context.mongo;
    if (!profile.secondaryIndexes) skipBecause(this, `STORE_PROFILE=${profile.name} creates no secondary index, so every plan there scans; this runs under npm run test:containers (MongoDB 7)`);
    world = new InventoryWorld('planner', { locations: 3, parents: 1, children: 1 });
    world.move(world.items[0]!, world.locationIds[2]!);
    world.identify(world.items[0]!, `SN-planned-${world.items[0]!.id}`, `BC-planned-${world.items[0]!.id}`);
    await harness.publish(world.events);
    await harness.untilCaughtUp();
  });
  after(async () => { await harness?.stop(); });

  it('the lookups and filtered listings plan no collection scan', async () => {
    const service = harness!;
    const [root, , target] = world.locationIds as [string, string, string];
    const parent = world.items.find((item) => item.kind === 'PARENT')!;
    const at = new Date(Date.UTC(2030, 0, 1)).toISOString();
    const paths = [
      // Search by identifier: the item keys by `_id`, then the items they list by `_id: {$in}`.
      `/items?serial=${parent.serialNumber}`, `/items?barcode=${parent.barcode}`, `/items?itemType=${world.itemTypeId}`, `/items?location=${target}`, `/items?parentId=${parent.id}`,
      `/items/${parent.id}`, `/items/${parent.id}/history`, `/items/${parent.id}/location?at=${at}`,
      `/locations?parentLocationId=${root}`, `/locations/${target}`, `/locations/${target}/contents`, `/locations/${target}/contents?at=${at}`, `/locations/${root}/history`,
      `/moves`, `/item-types?name=type-${world.itemTypeId}`,
    ];
    const finds: Document[] = [];
    const { client, db } = service.service.context.mongo;
    const seen = ({ commandName, command }: CommandStartedEvent) => { if (commandName === 'find') finds.push(command); };
    client.on('commandStarted', seen);
    try {
      for (const path of paths) assert.equal((await service.get(path)).status, 200, path);
    } finally {
      client.off('commandStarted', seen);
    }
    // A find with no filter and no order reads a whole (small) collection on purpose: the location tree kept in memory.
    const planned = finds.filter(({ filter, sort }) => Object.keys(filter ?? {}).length > 0 || sort !== undefined);
    assert.ok(planned.length >= paths.length, `${planned.length} finds for ${paths.length} routes`);
    assert.equal(planned.filter(({ find }) => String(find).includes('item_keys')).length, 2, 'the searches by identifier read the item keys');
    for (const { find, filter, sort, projection, limit } of planned) {
      const query = Object.fromEntries(Object.entries({ find, filter, sort, projection, limit }).filter(([, value]) => value !== undefined));
      const explain = await db.command({ explain: query, verbosity: 'queryPlanner' });
      assertNoCollectionScan(`find on ${String(find)} ${JSON.stringify({ filter, sort })}`, explain);
    }
  });
});
