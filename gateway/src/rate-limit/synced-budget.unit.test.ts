import assert from 'node:assert/strict';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { SyncedBudget } from './synced-budget.js';

/** Admitted (true) or refused (false), per call in order. */
async function takeSequentially(budget: SyncedBudget, key: string, calls: number): Promise<boolean[]> {
  const outcomes: boolean[] = [];
  for (let call = 0; call < calls; call++) {
    outcomes.push(await budget.consume(key).then(() => true, (refusal: unknown) => {
      if (refusal instanceof RateLimiterRes) return false;
      throw refusal;
    }));
  }
  return outcomes;
}

describe('synced budget (local metering in front of the shared store)', function () {
  it('is exact for one instance, and the store counts every admitted point', async function () {
    const store = new RateLimiterMemory({ points: 40, duration: 60 });
    const budget = new SyncedBudget(store, 10_000, 2);
    const outcomes = await takeSequentially(budget, 'k', 50);
    assert.deepEqual(outcomes, [...Array(40).fill(true), ...Array(10).fill(false)]);
    await budget.flush();
    assert.equal((await store.get('k'))?.consumedPoints, 40);
  });

  it('instances sharing one store admit at most maxUnsent points each beyond the budget', async function () {
    const store = new RateLimiterMemory({ points: 40, duration: 60 });
    const instances = [new SyncedBudget(store, 10_000, 4), new SyncedBudget(store, 10_000, 4), new SyncedBudget(store, 10_000, 4)];
    const outcomes = await Promise.all(instances.map((instance) => takeSequentially(instance, 'k', 40)));
    const admitted = outcomes.flat().filter(Boolean).length;
    assert.ok(admitted >= 40 && admitted <= 40 + 3 * 4, `admitted ${admitted}`);
    await Promise.all(instances.map((instance) => instance.flush()));
    assert.equal((await store.get('k'))?.consumedPoints, admitted, 'the store saw every admitted point');
  });

  it('sends points taken during a slow sync without waiting for more requests or a flush', async function () {
    const store = new RateLimiterMemory({ points: 1_000_000, duration: 60 });
    const penalty = store.penalty.bind(store);
    store.penalty = async (key, points) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return penalty(key, points);
    };
    const budget = new SyncedBudget(store, 5, 1_000);
    for (let call = 0; call < 50; call++) {
      await budget.consume('k');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // No flush: the timers alone must bring the store to 50 (a hang here times the test out).
    while ((await store.get('k'))?.consumedPoints !== 50) await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('fails closed once maxUnsent points could not reach the store', async function () {
    const store = new RateLimiterMemory({ points: 100, duration: 60 });
    let attempts = 0;
    store.penalty = () => { attempts++; return Promise.reject(new Error('store down')); };
    const budget = new SyncedBudget(store, 10_000, 3);
    let failures = 0;
    budget.onSyncFailure = () => { failures++; };
    await budget.consume('k');
    await assert.rejects(takeSequentially(budget, 'k', 3), /store down/);
    assert.equal(failures, attempts, 'every refused sync is counted (rate_limit_sync_failures_total)');
    assert.ok(failures > 0);
    // Retries wait for the sync delay (10 s here): a store failing fast is not hammered in a loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(attempts <= 3, `${attempts} attempts`);
  });
});
