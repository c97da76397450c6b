import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import { GatewayHarness } from './testing/gateway-harness.js';

const METRICS_TOKEN = 'operations-token-for-this-test-0123456789';

describe('gateway operational endpoints: metrics and readiness details are not public', function () {
  it('answers /metrics with 401 and /health/ready with its status only, unless the METRICS_TOKEN bearer is given', async function () {
    const gateway = await GatewayHarness.start({ METRICS_TOKEN });
    try {
      for (const token of [undefined, 'not-the-operations-token-0123456789abcdef']) {
        const metrics = await gateway.request('GET', '/metrics', { token });
        assert.equal(metrics.status, 401, metrics.text);
        assert.equal(problemDetailsSchema.parse(metrics.body).code, 'UNAUTHENTICATED');
        const ready = await gateway.request('GET', '/health/ready', { token });
        assert.equal(ready.status, 200, ready.text);
        assert.deepEqual(ready.body, { status: 'ready' }, 'no dependency names, latencies or errors');
      }
      const metrics = await gateway.request('GET', '/metrics', { token: METRICS_TOKEN });
      assert.equal(metrics.status, 200);
      assert.match(metrics.text, /process_cpu_user_seconds_total\{service="gateway"\}/);
      const ready = await gateway.request('GET', '/health/ready', { token: METRICS_TOKEN });
      assert.deepEqual(Object.keys((ready.body as { checks: object }).checks).sort(), ['kafka', 'mongodb', 'schemaRegistry']);
      assert.equal((await gateway.request('GET', '/health/live')).status, 200, 'liveness stays public');
    } finally {
      await gateway.stop();
    }
  });

  it('without METRICS_TOKEN nobody reads the metrics through the gateway', async function () {
    const gateway = await GatewayHarness.start();
    try {
      const metrics = await gateway.request('GET', '/metrics', { token: 'any-bearer-at-all' });
      assert.equal(metrics.status, 401, metrics.text);
    } finally {
      await gateway.stop();
    }
  });
});
