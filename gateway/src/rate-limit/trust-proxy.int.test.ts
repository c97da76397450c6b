import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('TRUST_PROXY: per-IP budgets and login lockout key on the client behind a proxy', function () {
  it('trusting loopback (the default), each X-Forwarded-For client has its own budget and lockout', async function () {
    const gateway = await GatewayHarness.start({ RATE_LIMIT_IP_PER_MINUTE: '4', LOGIN_FAILURES_BEFORE_LOCKOUT: '2', LOGIN_LOCKOUT_SECONDS: '60' });
    try {
      const statuses = [];
      for (let call = 0; call < 5; call++) statuses.push((await gateway.request('GET', '/api/v1/items', from('203.0.113.1'))).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 429], 'one client spends its own budget');
      assert.equal((await gateway.request('GET', '/api/v1/items', from('203.0.113.2'))).status, 401, 'another client still has its budget');

      for (let attempt = 0; attempt < 2; attempt++) {
        const failed = await gateway.request('POST', '/api/v1/auth/login', { ...from('198.51.100.1'), body: { username: ADMIN.username, password: 'Wrong-Passw0rd!!' } });
        assert.equal(failed.status, 401, failed.text);
      }
      const locked = await gateway.request('POST', '/api/v1/auth/login', { ...from('198.51.100.1'), body: ADMIN });
      assert.equal(locked.status, 429, locked.text);
      assert.equal(problemDetailsSchema.parse(locked.body).code, 'RATE_LIMITED');
      const elsewhere = await gateway.request('POST', '/api/v1/auth/login', { ...from('198.51.100.2'), body: ADMIN });
      assert.equal(elsewhere.status, 200, 'the lockout holds for the guessing client only');
    } finally {
      await gateway.stop();
    }
  });

  it('with TRUST_PROXY=false, X-Forwarded-For is ignored: every caller from one address shares its budget', async function () {
    const gateway = await GatewayHarness.start({ RATE_LIMIT_IP_PER_MINUTE: '2', TRUST_PROXY: 'false' });
    try {
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) statuses.push((await gateway.request('GET', '/api/v1/items', from(address))).status);
      assert.deepEqual(statuses, [401, 401, 429]);
    } finally {
      await gateway.stop();
    }
  });
});
