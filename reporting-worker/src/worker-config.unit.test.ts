import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '@inventory/platform';
import { reportsEnvSchema } from './worker.js';

describe("the reporting worker's settings", () => {
  it('sweeps every 500 ms unless told otherwise, and refuses a round shorter than 50 ms or longer than a minute', () => {
    assert.equal(loadConfig(reportsEnvSchema, {}).REPORTS_SWEEP_INTERVAL_MS, 500);
    assert.equal(loadConfig(reportsEnvSchema, { REPORTS_SWEEP_INTERVAL_MS: '2000' }).REPORTS_SWEEP_INTERVAL_MS, 2000);
    for (const bad of ['10', '60001', 'soon']) assert.throws(() => loadConfig(reportsEnvSchema, { REPORTS_SWEEP_INTERVAL_MS: bad }), ConfigError);
  });
});
