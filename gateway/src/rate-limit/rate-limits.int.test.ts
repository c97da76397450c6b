import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';

describe('rate limits and brute-force lockout (budgets in the document store)', function () {
  it('locks a username out from an address after repeated failures, even for the right password, with Retry-After', async function () {
    const gateway = await GatewayHarness.start({ LOGIN_FAILURES_BEFORE_LOCKOUT: '3', LOGIN_LOCKOUT_SECONDS: '60' });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const failed = await gateway.request('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: 'Wrong-Passw0rd!!' } });
        assert.equal(failed.status, 401, failed.text);
      }
      const locked = await gateway.request('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: ADMIN.password } });
      assert.equal(locked.status, 429, locked.text);
      assert.equal(problemDetailsSchema.parse(locked.body).code, 'RATE_LIMITED');
      const retryAfter = Number(locked.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      const other = await gateway.request('POST', '/api/v1/auth/login', { body: { username: 'someone-else', password: 'Wrong-Passw0rd!!' } });
      assert.equal(other.status, 401, 'other usernames are not locked');
    } finally {
      await gateway.stop();
    }
  });

  it('counts parallel failed logins atomically: at most LOGIN_FAILURES_BEFORE_LOCKOUT passwords are checked', async function () {
    const gateway = await GatewayHarness.start({ LOGIN_FAILURES_BEFORE_LOCKOUT: '5', LOGIN_LOCKOUT_SECONDS: '60', LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100' });
    try {
      const guesses = await Promise.all(Array.from({ length: 20 }, () =>
        gateway.request('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: 'Wrong-Passw0rd!!' } })));
      const codes = guesses.map((answer) => problemDetailsSchema.parse(answer.body).code);
      assert.ok(codes.every((code) => code === 'INVALID_CREDENTIALS' || code === 'RATE_LIMITED'), codes.join());
      const evaluated = codes.filter((code) => code === 'INVALID_CREDENTIALS').length;
      assert.ok(evaluated <= 5, `${evaluated} of 20 parallel guesses had their password checked`);
      assert.ok(guesses.filter((answer) => answer.status === 429).every((answer) => Number(answer.headers.get('retry-after')) > 0));
      const locked = await gateway.request('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: ADMIN.password } });
      assert.equal(locked.status, 429, `the right password is refused while locked: ${locked.text}`);
    } finally {
      await gateway.stop();
    }
  });

  it('meters each IP and each user with RateLimit-* headers, then answers 429 in the envelope', async function () {
    const gateway = await GatewayHarness.start({ RATE_LIMIT_IP_PER_MINUTE: '1000', RATE_LIMIT_USER_PER_MINUTE: '3' });
    try {
      const { accessToken } = await gateway.login(ADMIN.username, ADMIN.password);
      const answers = [];
      for (let call = 0; call < 4; call++) answers.push(await gateway.request('GET', '/api/v1/users/me', { token: accessToken }));
      assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 429]);
      assert.deepEqual(answers.map((answer) => answer.headers.get('ratelimit-remaining')), ['2', '1', '0', '0']);
      assert.equal(answers[0]!.headers.get('ratelimit-limit'), '3');
      assert.ok(Number(answers[3]!.headers.get('retry-after')) > 0);
      problemDetailsSchema.parse(answers[3]!.body);
    } finally {
      await gateway.stop();
    }
    const perIp = await GatewayHarness.start({ RATE_LIMIT_IP_PER_MINUTE: '2' });
    try {
      const statuses = [];
      for (let call = 0; call < 3; call++) statuses.push((await perIp.request('GET', '/api/v1/items')).status);
      assert.deepEqual(statuses, [401, 401, 429], 'anonymous calls count against the IP budget');
    } finally {
      await perIp.stop();
    }
  });
});
