import assert from 'node:assert/strict';
import { problemDetailsSchema } from '@inventory/contracts';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../config.js';
import { RefreshTokens, type RotationResult } from './refresh-tokens.js';
import { ADMIN, GatewayHarness, TEST_PASSWORD } from '../testing/gateway-harness.js';

describe('gateway auth: login, tokens, refresh, logout', function () {
  let gateway: GatewayHarness;
  let adminToken: string;

  before(async function () {
    gateway = await GatewayHarness.start();
    adminToken = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(async () => gateway?.stop());

  it('logs the bootstrapped admin in and answers /users/me', async function () {
    const me = await gateway.request('GET', '/api/v1/users/me', { token: adminToken });
    assert.equal(me.status, 200, me.text);
    assert.deepEqual((me.body as { roles: string[] }).roles, ['admin']);
  });

  it('refuses a wrong password with INVALID_CREDENTIALS in the envelope', async function () {
    const answer = await gateway.request('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: 'wrong-password-123' } });
    assert.equal(answer.status, 401);
    assert.equal(problemDetailsSchema.parse(answer.body).code, 'INVALID_CREDENTIALS');
  });

  it('refuses forged, expired, alg:none and wrong-audience tokens without calling a service', async function () {
    const claims = { sub: 'x', roles: ['admin'], ver: 0 };
    const base = { issuer: 'inventory-gateway', audience: 'inventory-api' };
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: base.issuer, aud: base.audience, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url')}.`;
    const me = (await gateway.request('GET', '/api/v1/users/me', { token: adminToken })).body as { id: string };
    const valid = { sub: me.id, roles: ['admin'], ver: 0 };
    const tokens = {
      forged: jwt.sign(valid, 'some-other-secret-that-is-long-enough-1234', { algorithm: 'HS256', ...base, expiresIn: 60 }),
      expired: jwt.sign({ ...valid, exp: Math.floor(Date.now() / 1000) - 10 }, DEV_JWT_SECRET, { algorithm: 'HS256', ...base }),
      algNone: unsigned,
      hs512: jwt.sign(valid, DEV_JWT_SECRET, { algorithm: 'HS512', ...base, expiresIn: 60 }),
      wrongAudience: jwt.sign(valid, DEV_JWT_SECRET, { algorithm: 'HS256', issuer: base.issuer, audience: 'someone-else', expiresIn: 60 }),
      garbage: 'not.a.token',
    };
    const before = gateway.upstream.calls.length;
    for (const [kind, token] of Object.entries(tokens)) {
      const answer = await gateway.request('POST', '/api/v1/moves', { token, body: { itemId: '00000000-0000-4000-8000-000000000000', toLocationId: '00000000-0000-4000-8000-000000000001' } });
      assert.equal(answer.status, 401, `${kind}: ${answer.text}`);
      assert.equal(problemDetailsSchema.parse(answer.body).code, 'UNAUTHENTICATED');
    }
    assert.equal(gateway.upstream.calls.length, before, 'no refused token reached a service');
  });

  it('rotates refresh tokens, detects reuse, and logout revokes', async function () {
    const user = await gateway.userWith(['viewer'], adminToken);
    const first = await gateway.login(user.username, TEST_PASSWORD);
    const rotated = await gateway.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    assert.equal(rotated.status, 200, rotated.text);
    const second = rotated.body as { refreshToken: string; accessToken: string };
    const reused = await gateway.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    assert.equal(reused.status, 401, 'a spent refresh token is refused');
    const afterReuse = await gateway.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } });
    assert.equal(afterReuse.status, 401, 'reuse revoked the whole family');

    const third = await gateway.login(user.username, TEST_PASSWORD);
    const logout = await gateway.request('POST', '/api/v1/auth/logout', { token: third.accessToken, body: { refreshToken: third.refreshToken } });
    assert.equal(logout.status, 204, logout.text);
    assert.equal((await gateway.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: third.refreshToken } })).status, 401);
  });

  it('parallel refreshes with one token: at most one rotation wins, and the reuse leaves no token of the family alive', async function () {
    const racing = await GatewayHarness.start({ GATEWAY_DATABASE: gateway.db.databaseName, LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '1000' });
    try {
      const user = await racing.userWith(['viewer'], adminToken);
      for (let round = 0; round < 10; round++) {
        const { refreshToken } = await racing.login(user.username, TEST_PASSWORD);
        const answers = await Promise.all(Array.from({ length: 6 }, () => racing.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } })));
        const winners = answers.filter((answer) => answer.status === 200);
        assert.ok(winners.length <= 1, `round ${round}: ${winners.length} rotations of one token succeeded`);
        assert.ok(answers.every((answer) => answer.status === 200 || problemDetailsSchema.parse(answer.body).code === 'UNAUTHENTICATED'));
        for (const successor of [refreshToken, ...winners.map((answer) => (answer.body as { refreshToken: string }).refreshToken)]) {
          const later = await racing.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: successor } });
          assert.equal(later.status, 401, `round ${round}: a token of the reused family still works`);
        }
      }
    } finally {
      await racing.stop({ keepDatabase: true });
    }
  });

  it('a reuse detected while the winner mints its successor revokes that successor too', async function () {
    /** Runs the concurrent reuse in the window between spending the token and storing its successor. */
    class ReuseBeforeSuccessor extends RefreshTokens {
      meanwhile: (() => Promise<unknown>) | undefined;
      override async issue(userId: string, family?: { familyId: string; epoch: number }): Promise<string> {
        const meanwhile = this.meanwhile;
        this.meanwhile = undefined;
        await meanwhile?.();
        return super.issue(userId, family);
      }
    }
    const tokens = new ReuseBeforeSuccessor(gateway.db, 3600);
    const first = await tokens.issue('racing-user');
    let reuse: RotationResult | undefined;
    tokens.meanwhile = async () => { reuse = await tokens.rotate(first); };
    const winner = await tokens.rotate(first);
    assert.deepEqual(reuse, { refused: 'reused' });
    assert.deepEqual(winner, { refused: 'reused' }, 'the winner sees the reuse and hands out no successor');
    const alive = await gateway.db.collection('refresh_tokens').countDocuments({ userId: 'racing-user', revokedAt: null });
    assert.equal(alive, 0, 'no token of the family is left live');
  });

  it('revokeAllOf racing a rotation leaves no live successor, even one its sweep did not see', async function () {
    const tokens = new RefreshTokens(gateway.db, 3600);
    const first = await tokens.issue('revoked-user');
    const rotated = await tokens.rotate(first);
    assert.ok('token' in rotated);
    await tokens.revokeAllOf('revoked-user');
    // What a multi-document update racing the successor's insert can leave: the successor unmarked.
    const successors = gateway.db.collection('refresh_tokens');
    await successors.updateMany({ userId: 'revoked-user', usedAt: null }, { $set: { revokedAt: null } });
    assert.deepEqual(await tokens.rotate(rotated.token), { refused: 'revoked' });
    assert.equal(await successors.countDocuments({ userId: 'revoked-user', revokedAt: null }), 0, 'no token of the user is left live');
    const again = await tokens.issue('revoked-user');
    assert.ok('token' in await tokens.rotate(again), 'a login after the revocation works');
  });

  it('a disabled user is refused at once, also with a token issued before', async function () {
    const user = await gateway.userWith(['operator'], adminToken);
    assert.equal((await gateway.request('GET', '/api/v1/users/me', { token: user.token })).status, 200);
    const disabled = await gateway.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, body: { disabled: true } });
    assert.equal(disabled.status, 200, disabled.text);
    const after = await gateway.request('GET', '/api/v1/users/me', { token: user.token });
    assert.ok([401, 403].includes(after.status), after.text);
    const login = await gateway.request('POST', '/api/v1/auth/login', { body: { username: user.username, password: TEST_PASSWORD } });
    assert.equal(problemDetailsSchema.parse(login.body).code, 'USER_DISABLED');
  });

  it('a user disabled through another instance is refused there within USER_RECHECK_MS', async function () {
    const recheckMs = 200;
    const other = await GatewayHarness.start({ GATEWAY_DATABASE: gateway.db.databaseName, USER_RECHECK_MS: String(recheckMs) });
    try {
      const user = await gateway.userWith(['operator'], adminToken);
      assert.equal((await other.request('GET', '/api/v1/users/me', { token: user.token })).status, 200, 'read once: now reused by the other instance');
      const disabled = await gateway.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, body: { disabled: true } });
      assert.equal(disabled.status, 200, disabled.text);
      await new Promise((resolve) => setTimeout(resolve, recheckMs + 50));
      assert.equal((await other.request('GET', '/api/v1/users/me', { token: user.token })).status, 403);
    } finally {
      await other.stop({ keepDatabase: true });
    }
  });
});
