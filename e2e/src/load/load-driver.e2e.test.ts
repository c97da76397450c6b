import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useStack } from '@inventory/testkit';
import { buildLoadCatalog } from './catalog.js';
import type { LoadTargets, WorkingItem } from './driver.js';
import { runLoad } from './load-run.js';
import { OPERATIONS } from './mix.js';
import { eventually, loggedIn } from './session.js';

/**
 * A tiny, seeded run of the load benchmark's driver (npm run bench -- load) through the gateway:
 * two steps (1, then 2 clients) of a fixed number of calls each, no seeded data (the workload's own
 * items and locations serve the lookups). Every call must be answered as the clients' model
 * expects, and afterwards the read side must show every item where the model says it is.
 */
const SEED = Number(process.env.INVENTORY_E2E_LOAD_SEED ?? 16);
const CALLS_PER_CLIENT = 40;

describe('load benchmark driver: a tiny seeded run through the gateway', function () {
  it('sends the mix at rising concurrency, every answer as its model expects, and the read side ends where the model is', async function () {
    this.timeout(900_000);
    const gatewayUrl = (await useStack()).urls.gateway!;
    const api = await loggedIn(gatewayUrl);
    const catalog = await buildLoadCatalog(api, randomUUID().slice(0, 8).toUpperCase(), { locations: 2, bins: 3, pairs: 4 });
    const last = catalog.working.at(-1)!;
    await eventually('the read side has the catalog and the items', async () => (await api.send('GET', `/items/${last.id}/location`, undefined, { 'Consistency-Token': catalog.consistencyToken })).status === 200);
    const now = Date.now();
    const targets: LoadTargets = {
      seededItemIds: catalog.working.map((item) => item.id),
      seededLocationIds: [...catalog.seededLocationIds, ...catalog.binIds],
      binIds: catalog.binIds,
      working: catalog.working,
      movements: { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() },
    };
    const steps = await runLoad(() => loggedIn(gatewayUrl), targets, { start: 1, max: 2, p99LimitMs: Number.POSITIVE_INFINITY }, { callsPerClient: CALLS_PER_CLIENT, seed: SEED, probeTimeoutMs: 300_000 });
    const context = `seed ${SEED} (INVENTORY_E2E_LOAD_SEED replays it): ${JSON.stringify(steps.map(({ outcome, endpoints }) => ({ outcome, endpoints })))}`;

    assert.deepEqual(steps.map((step) => step.outcome.concurrency), [1, 2], context);
    for (const { outcome, endpoints, lag } of steps) {
      assert.equal(outcome.calls, outcome.concurrency * CALLS_PER_CLIENT, context);
      assert.equal(outcome.errors, 0, context);
      assert.equal(endpoints.reduce((sum, endpoint) => sum + endpoint.count, 0), outcome.calls, context);
      assert.ok(outcome.p50 <= outcome.p99 && outcome.p99 <= outcome.p999, context);
      assert.ok(lag.probes >= 1 && lag.seen === lag.probes, `every probed move became visible: ${JSON.stringify(lag)}; ${context}`);
    }
    const drawn = new Set(steps.flatMap((step) => step.drawn));
    for (const kind of ['lookup', 'write', 'report']) {
      assert.ok(OPERATIONS.some(({ name, kind: k }) => k === kind && drawn.has(name)), `the seeded draws include a ${kind}: ${[...drawn].join(', ')}; ${context}`);
    }

    const whereIs = async (item: WorkingItem) => ((await api.send('GET', `/items/${item.id}/location`)).body as { locationId?: string }).locationId;
    await eventually('every item is where the clients\' model says', async () => (await Promise.all(catalog.working.map(async (item) => (await whereIs(item)) === item.locationId))).every(Boolean));
  });
});
