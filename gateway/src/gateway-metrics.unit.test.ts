import assert from 'node:assert/strict';
import { createLogger } from '@inventory/platform';
import { Registry } from 'prom-client';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AuditQueue } from './audit/audit-queue.js';
import { registerGatewayMetrics } from './gateway-metrics.js';
import { SyncedBudget } from './rate-limit/synced-budget.js';

describe('gateway metrics (what can back up silently)', function () {
  it('exposes the audit queue depth and counts rate-limit store sync failures', async function () {
    const registry = new Registry();
    const never = { appendMany: () => new Promise<void>(() => undefined) };
    const queue = new AuditQueue(never, createLogger('gateway-metrics-test', 'silent'), { capacity: 10, batchSize: 10, flushDelayMs: 60_000, retryDelayMs: 1 });
    const down = new RateLimiterMemory({ points: 100, duration: 60 });
    down.penalty = () => Promise.reject(new Error('store down'));
    const perIp = new SyncedBudget(down, 0, 1);
    const perUser = new SyncedBudget(new RateLimiterMemory({ points: 100, duration: 60 }), 0, 1);
    registerGatewayMetrics(registry, queue, { perIp, perUser });
    for (let n = 0; n < 3; n++) queue.append({ _id: `r${n}`, at: new Date(), userId: null, username: null, action: 'moveItem', method: 'POST', path: '/api/v1/moves', targetId: null, outcome: 'SUCCEEDED', status: 201, errorCode: null, correlationId: 'c', ip: null });
    await perIp.consume('k').catch(() => undefined);
    await assert.rejects(perIp.consume('k'), /store down/);
    const text = await registry.metrics();
    assert.match(text, /^audit_queue_depth 3$/m);
    assert.match(text, /^rate_limit_sync_failures_total\{budget="perIp"\} [1-9]/m);
    assert.match(text, /^rate_limit_sync_failures_total\{budget="perUser"\} 0$/m);
  });
});
