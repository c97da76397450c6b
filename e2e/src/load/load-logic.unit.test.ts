import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chartScales, latencyChart } from './chart.js';
import { PARTS, coresBetween, partOf } from './cpu-share.js';
import { OPERATIONS, WITHOUT_SEARCH, kindShares, operationAt, seededUniform } from './mix.js';
import { LatencyRecorder, quantileOfSorted } from './stats.js';
import { kneeOf, nextConcurrency, type StepOutcome, type StepPlan } from './steps.js';

const step = (concurrency: number, throughput: number, p99: number, extra: Partial<StepOutcome> = {}): StepOutcome =>
  ({ concurrency, throughput, p50: p99 / 4, p99, p999: p99 * 2, errors: 0, calls: 100, ...extra });

describe('load benchmark logic', () => {
  it('mixes 70 % lookups, 25 % moves and assignments, 5 % reports', () => {
    const shares = kindShares();
    assert.deepEqual(Object.fromEntries(Object.entries(shares).map(([kind, share]) => [kind, Math.round(share * 100)])), { lookup: 70, write: 25, report: 5 });
    assert.equal(operationAt(0), 'where-is');
    assert.equal(operationAt(0.2499), 'where-is');
    assert.equal(operationAt(0.25), 'what-is-at');
    assert.equal(operationAt(0.9999), 'counts report');
    // A seeded stream of draws lands on each operation close to its weight.
    const draw = seededUniform(16);
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const operation = operationAt(draw());
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
    }
    for (const { name, weight } of OPERATIONS) assert.ok(Math.abs((counts.get(name) ?? 0) / 1000 - weight) < 1, `${name}: ${(counts.get(name) ?? 0) / 1000} % for weight ${weight}`);
  });

  it('the mix without item search keeps the shares and never searches', () => {
    assert.deepEqual(Object.values(kindShares(WITHOUT_SEARCH)).map((share) => Math.round(share * 100)), [70, 25, 5]);
    assert.equal(WITHOUT_SEARCH.find(({ name }) => name === 'where-is')?.weight, 35);
    const draw = seededUniform(7);
    for (let i = 0; i < 10_000; i++) assert.notEqual(operationAt(draw(), WITHOUT_SEARCH), 'item search');
  });

  it('seeded draws repeat per seed and stay in [0, 1)', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const [a, b] = [seededUniform(seed), seededUniform(seed)];
      for (let i = 0; i < 50; i++) {
        const u = a();
        assert.equal(u, b());
        assert.ok(u >= 0 && u < 1);
      }
    }), { numRuns: 100 });
  });

  it('takes nearest-rank percentiles per endpoint and counts errors', () => {
    assert.equal(quantileOfSorted([], 0.5), Number.NaN);
    const recorder = new LatencyRecorder();
    for (let ms = 1; ms <= 1000; ms++) recorder.record('where-is', ms, ms !== 1000);
    recorder.record('move', 7, false);
    const [move, whereIs] = recorder.byEndpoint();
    assert.deepEqual(whereIs, { endpoint: 'where-is', count: 1000, errors: 1, p50: 500, p99: 990, p999: 999 });
    assert.deepEqual(move, { endpoint: 'move', count: 1, errors: 1, p50: 7, p99: 7, p999: 7 });
    assert.equal(recorder.overall().count, 1001);
    assert.equal(recorder.overall().errors, 2);
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (values) => {
      const sorted = [...values].sort((x, y) => x - y);
      const [p50, p99, p999] = [0.5, 0.99, 0.999].map((q) => quantileOfSorted(sorted, q));
      assert.ok(p50! <= p99! && p99! <= p999! && p999! <= sorted.at(-1)! && p50! >= sorted[0]!);
      assert.ok(sorted.filter((v) => v <= p99!).length >= 0.99 * sorted.length);
    }), { numRuns: 200 });
  });

  it('doubles the clients until the p99 passes the limit, the maximum is reached or every call failed', () => {
    const plan: StepPlan = { start: 2, max: 64, p99LimitMs: 1000 };
    assert.equal(nextConcurrency(plan, []), 2);
    assert.equal(nextConcurrency(plan, [step(2, 10, 100)]), 4);
    assert.equal(nextConcurrency(plan, [step(2, 10, 100), step(4, 18, 1000)]), 8, 'exactly at the limit has not passed it');
    assert.equal(nextConcurrency(plan, [step(2, 10, 100), step(4, 18, 1001)]), null);
    assert.equal(nextConcurrency(plan, [step(64, 10, 100)]), null);
    assert.equal(nextConcurrency({ ...plan, max: 6 }, [step(4, 10, 100)]), 6);
    assert.equal(nextConcurrency(plan, [step(2, 0, 100, { errors: 100, calls: 100 })]), null);
    assert.equal(nextConcurrency({ ...plan, minSteps: 3 }, [step(2, 10, 1500), step(4, 12, 2500)]), 8, 'a curve of at least minSteps');
    assert.equal(nextConcurrency({ ...plan, minSteps: 3 }, [step(2, 10, 1500), step(4, 12, 2500), step(8, 13, 4000)]), null);
    assert.equal(kneeOf(plan, [step(2, 10, 100), step(4, 18, 400), step(8, 17, 900), step(16, 20, 1500)])?.concurrency, 4);
    assert.equal(kneeOf(plan, [step(2, 10, 1500)])?.concurrency, 2);
    assert.equal(kneeOf(plan, []), undefined);
  });

  it('draws each step at its throughput and latency, higher latency higher up', () => {
    const steps = [step(1, 5, 40), step(2, 9, 80), step(4, 12, 400), step(8, 13, 2500)];
    const { x, y, points } = chartScales(steps, 1000);
    const p99 = points('p99');
    assert.deepEqual(p99.map((p) => p.x), steps.map((s) => x(s.throughput)));
    for (let i = 1; i < p99.length; i++) {
      assert.ok(p99[i]!.x > p99[i - 1]!.x, 'more throughput is further right');
      assert.ok(p99[i]!.y < p99[i - 1]!.y, 'more latency is higher up (smaller y)');
    }
    assert.ok(y.domain()[1]! >= 2500 * 2 && y.domain()[0]! <= 10, 'every percentile fits');
    const svg = latencyChart(steps, { title: 'Load <1 M items>', limitMs: 1000 });
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(svg.match(/<path /g)?.length, 3, 'one line per percentile');
    assert.equal(svg.match(/<circle /g)?.length, 12, 'one point per step and percentile');
    assert.ok(svg.includes('Load &lt;1 M items&gt;'), 'the title is escaped');
    assert.ok(svg.includes('p99 limit 1 s'));
  });
});

describe('load benchmark CPU shares', () => {
  it('names each process of the stack by its command line and ranks the parts by cores used', () => {
    assert.equal(partOf('node --conditions=source --import tsx /repo/gateway/src/main.ts'), 'gateway');
    assert.equal(partOf('node /repo/command-service/dist/main.js'), 'command service');
    assert.equal(partOf('node --import tsx /repo/query-service/src/main.ts'), 'query service');
    assert.equal(partOf('node --import tsx /repo/reporting-worker/src/main.ts'), 'reporting worker');
    assert.equal(partOf('/cache/ferretdb/bin/ferretdb --listen-addr=127.0.0.1:4000'), 'document store');
    assert.equal(partOf('java -cp /cache/kafka/libs/* kafka.Kafka server.properties'), 'Kafka');
    assert.equal(partOf('java -jar /cache/apicurio-registry/quarkus-run.jar'), 'schema registry');
    assert.equal(partOf('npm start'), 'other');
    const before = new Map(PARTS.map((part) => [part, 10]));
    const after = new Map(PARTS.map((part) => [part, 10]));
    after.set('document store', 10 + 18).set('command service', 10 + 6).set('gateway', 10.05);
    assert.deepEqual(coresBetween(before, after, 20), [['document store', 0.9], ['command service', 0.3]]);
  });
});
