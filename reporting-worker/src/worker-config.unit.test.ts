import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '@inventory/platform';
import { fetchOptionsOf, reportsEnvSchema } from './worker.js';

describe("the reporting worker's settings", () => {
  it('sweeps every 500 ms unless told otherwise, and refuses a round shorter than 50 ms or longer than a minute', () => {
    assert.equal(loadConfig(reportsEnvSchema, {}).REPORTS_SWEEP_INTERVAL_MS, 500);
    assert.equal(loadConfig(reportsEnvSchema, { REPORTS_SWEEP_INTERVAL_MS: '2000' }).REPORTS_SWEEP_INTERVAL_MS, 2000);
    for (const bad of ['10', '60001', 'soon']) assert.throws(() => loadConfig(reportsEnvSchema, { REPORTS_SWEEP_INTERVAL_MS: bad }), ConfigError);
  });

  it('lets the broker hold a fetch 500 ms for more events unless told otherwise (0: answered at once), and refuses more than 5 s', () => {
    assert.equal(loadConfig(reportsEnvSchema, {}).REPORTS_FETCH_WAIT_MS, 500);
    assert.deepEqual(fetchOptionsOf(loadConfig(reportsEnvSchema, {}).REPORTS_FETCH_WAIT_MS), { maxWaitTimeInMs: 500, minBytes: 64 * 1024 });
    assert.deepEqual(fetchOptionsOf(loadConfig(reportsEnvSchema, { REPORTS_FETCH_WAIT_MS: '0' }).REPORTS_FETCH_WAIT_MS), {});
    for (const bad of ['-1', '5001', 'later']) assert.throws(() => loadConfig(reportsEnvSchema, { REPORTS_FETCH_WAIT_MS: bad }), ConfigError);
  });
});
