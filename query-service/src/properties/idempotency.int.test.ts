import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReadModelSpace, activeGeneration, applyEvent } from '@inventory/projection';
import { queryProjection } from '../projection.js';
import { QueryServiceHarness } from '../testing/harness.js';
import { InventoryWorld, type WorldCommand } from '../testing/inventory-world.js';
import { snapshot } from '../testing/snapshot.js';

const commands = fc.array(fc.oneof(
  fc.record({ op: fc.constant('move' as const), item: fc.nat(4), to: fc.nat(3) }),
  fc.record({ op: fc.constant('assign' as const), child: fc.nat(4), parent: fc.nat(4) }),
  fc.record({ op: fc.constant('release' as const), child: fc.nat(4) }),
) as fc.Arbitrary<WorldCommand>, { minLength: 5, maxLength: 20 });

describe('query projection idempotency against the real stack', function () {
  this.timeout(1_500_000);
  let harness: QueryServiceHarness;
  let worlds: InventoryWorld[];

  before(async () => {
    harness = await QueryServiceHarness.start();
    worlds = fc.sample(commands, { numRuns: 15 }).map((sequence, run) => {
      const world = new InventoryWorld(`user-${run}`);
      sequence.forEach((command) => world.run(command));
      return world;
    });
    const events = worlds.flatMap((world) => world.events);
    await harness.publish(events);
    await harness.untilCaughtUp();
  });

  after(async () => {
    await harness?.stop();
  });

  it('redelivering every event twice leaves the read models unchanged', async () => {
    const db = harness.service.context.mongo.db;
    const generation = await activeGeneration(db, queryProjection.name);
    const before = await snapshot(db, generation);
    const events = worlds.flatMap((world) => world.events);
    await harness.publish([...events, ...events]);
    await harness.untilCaughtUp();
    assert.deepEqual(await snapshot(db, generation), before);
  });

  it('applying each event twice in a row (a crash between read-model write and checkpoint) builds the same read models', async () => {
    const db = harness.service.context.mongo.db;
    const live = await activeGeneration(db, queryProjection.name);
    const twice = new ReadModelSpace(db, queryProjection.name, live + 100);
    await queryProjection.setup(twice);
    const liveSpace = new ReadModelSpace(db, queryProjection.name, live);
    await queryProjection.setup(liveSpace);
    for (const world of worlds) {
      for (const event of world.events) {
        await applyEvent(queryProjection, event, twice);
        await applyEvent(queryProjection, event, twice);
      }
    }
    const expected = await snapshot(db, live);
    const rebuilt = await snapshot(db, twice.generation);
    assert.deepEqual(rebuilt, expected);
  });
});
