import assert from 'node:assert/strict';
import { assertNoCollectionScan, planStages } from './query-plans.js';

// Shapes of MongoDB 7 explain('queryPlanner') output: a find's winning plan, and an aggregation's $cursor stage.
const indexedFind = { queryPlanner: { winningPlan: { stage: 'LIMIT', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'outbox_pending' } } }, rejectedPlans: [] } };
const scanningCount = { stages: [{ $cursor: { queryPlanner: { winningPlan: { queryPlan: { stage: 'GROUP', inputStage: { stage: 'COLLSCAN' } } } } } }, { $group: {} }] };

describe('query plan checks (explain output)', () => {
  it('finds every stage however deep the plan nests it', () => {
    assert.deepEqual(planStages(indexedFind), ['LIMIT', 'FETCH', 'IXSCAN']);
    assert.deepEqual(planStages(scanningCount), ['GROUP', 'COLLSCAN']);
  });

  it('refuses a collection scan and a plan it cannot read, and accepts an index scan', () => {
    assertNoCollectionScan('find', indexedFind);
    assert.throws(() => assertNoCollectionScan('count', scanningCount), /count scans the collection: stages GROUP > COLLSCAN/);
    assert.throws(() => assertNoCollectionScan('odd', { ok: 1 }), /names no stage/);
  });
});
