/**
 * Query-service benchmark: projection throughput from the start of the topics (what a rebuild
 * does), then where-is and what-is-at latency over HTTP, against the real Kafka, registry and
 * document store named by KAFKA_BROKERS / SCHEMA_REGISTRY_URL / MONGODB_URI. Size with
 * BENCH_ITEMS / BENCH_MOVES / BENCH_LOCATIONS / BENCH_QUERIES.
 */
import { percentile, writeSection } from '../../bench/markdown-report.js';
import { QueryServiceHarness } from '../src/testing/harness.js';
import { InventoryWorld } from '../src/testing/inventory-world.js';

export const title = 'Queries';

const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

async function latencies(count: number, request: (i: number) => Promise<number>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const status = await request(i);
    if (status !== 200) throw new Error(`request ${i} answered ${status}`);
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export async function run(): Promise<string> {
  const items = setting('BENCH_ITEMS', 200);
  const moves = setting('BENCH_MOVES', 200);
  const locationCount = setting('BENCH_LOCATIONS', 10);
  const queries = setting('BENCH_QUERIES', 300);
  const world = new InventoryWorld('bench', { locations: locationCount, parents: Math.ceil(items * 0.75), children: Math.floor(items * 0.25) });
  for (let i = 0; world.events.length < 2 + locationCount + items + moves; i++) world.run({ op: i % 5 === 0 ? 'assign' : 'move', item: (i * 7919) % items, to: (i * 31) % locationCount, child: (i * 13) % items, parent: (i * 17) % items } as never);

  const harness = await QueryServiceHarness.start();
  try {
    const started = performance.now();
    await harness.publish(world.events);
    await harness.untilCaughtUp();
    const projectionSeconds = (performance.now() - started) / 1000;
    const whereIs = await latencies(queries, async (i) => (await harness.get(`/items/${world.items[i % world.items.length]!.id}/location`)).status);
    const perLocation = Math.round(items / locationCount);
    const whatIsAt = await latencies(Math.ceil(queries / 3), async (i) => (await harness.get(`/locations/${world.locationIds[i % locationCount]}/contents?includeChildren=true&limit=500`)).status);
    return [
      `Store: ${process.env.MONGODB_URI ?? 'default'} (FerretDB on SQLite, shared with other engineers' test runs on the same 2 cores), Kafka KRaft single node.`,
      '',
      '| measure | result | target (issue 6) |',
      '|---|---|---|',
      `| projection from the start of the topics (incl. consumer-group join) | ${world.events.length} events in ${projectionSeconds.toFixed(1)} s = **${Math.round(world.events.length / projectionSeconds)} events/s** | rebuild ≥ 50,000 events/s |`,
      `| where-is (\`GET /items/{id}/location\`), ${queries} sequential requests, ${items} items | p50 **${whereIs.p50.toFixed(1)} ms**, p99 **${whereIs.p99.toFixed(1)} ms** | p99 ≤ 5 ms at 1 M items |`,
      `| what-is-at (\`GET /locations/{id}/contents?includeChildren=true\`), ~${perLocation} items per location | p50 **${whatIsAt.p50.toFixed(1)} ms**, p99 **${whatIsAt.p99.toFixed(1)} ms** | p99 ≤ 20 ms at 1,000 items |`,
    ].join('\n');
  } finally {
    await harness.stop();
  }
}

// Also runnable on its own: `tsx --conditions=source query-service/bench/queries.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const markdown = await run();
  writeSection('queries', title, markdown);
  process.stdout.write(`${markdown}\n`);
  process.exit(0);
}
