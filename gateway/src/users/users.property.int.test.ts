import assert from 'node:assert/strict';
import { ROLES, problemDetailsSchema, type Role, type User } from '@inventory/contracts';
import fc from 'fast-check';
import { ADMIN, GatewayHarness, TEST_PASSWORD } from '../testing/gateway-harness.js';
import { PROPERTY_SUITE_TIMEOUT_MS } from '../testing/property-timeout.js';

/** Same letters, different case, per character. */
const caseVariant = (value: string) => fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length })
  .map((flips) => [...value].map((char, index) => (flips[index] ? char.toUpperCase() : char.toLowerCase())).join(''));

const usernameArbitrary = fc.stringMatching(/^[a-z][a-z0-9]{4,10}([._-][a-z0-9]{1,6}){0,2}$/);
const rolesArbitrary = fc.subarray([...ROLES], { minLength: 1 });

/** Property 13: duplicate usernames/emails are refused (case-insensitively); role changes take effect on the next token. */
describe('property 13: user uniqueness and role management', function () {
  this.timeout(PROPERTY_SUITE_TIMEOUT_MS);
  let gateway: GatewayHarness;
  let adminToken: string;

  before(async function () {
    gateway = await GatewayHarness.start();
    adminToken = (await gateway.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(async () => gateway?.stop());

  const create = (username: string, email: string, roles: Role[] = ['viewer']) =>
    gateway.request('POST', '/api/v1/users', { token: adminToken, body: { username, email, password: TEST_PASSWORD, roles } });

  it('refuses a second user with the same username or the same email in any case', async function () {
    await fc.assert(fc.asyncProperty(
      usernameArbitrary.chain((name) => fc.tuple(fc.constant(name), caseVariant(`${name}@Example.test`), fc.boolean())),
      async ([username, emailVariant, clashOnUsername]) => {
        const first = await create(username, `${username}@example.test`);
        if (first.status === 409) return; // generated twice: the first run already holds it
        assert.equal(first.status, 201, first.text);
        const second = clashOnUsername ? await create(username, `other.${username}@example.test`) : await create(`x${username}`.slice(0, 60), emailVariant);
        assert.equal(second.status, 409, second.text);
        assert.equal(problemDetailsSchema.parse(second.body).code, clashOnUsername ? 'DUPLICATE_USERNAME' : 'DUPLICATE_EMAIL');
        const upper = await create(username.toUpperCase(), `upper.${username}@example.test`);
        assert.ok([400, 409].includes(upper.status), `an upper-case twin is refused: ${upper.text}`);
      },
    ), { numRuns: 100 });
  });

  it('a role change invalidates tokens issued before it and the next token carries the new roles', async function () {
    await fc.assert(fc.asyncProperty(rolesArbitrary, rolesArbitrary, async (before, after) => {
      const user = await gateway.userWith(before, adminToken);
      const changed = await gateway.request('PUT', `/api/v1/users/${user.id}/roles`, { token: adminToken, body: { roles: after } });
      assert.equal(changed.status, 200, changed.text);
      assert.equal((await gateway.request('GET', '/api/v1/users/me', { token: user.token })).status, 401, 'the old token is refused');
      const { accessToken } = await gateway.login(user.username, TEST_PASSWORD);
      const me = await gateway.request('GET', '/api/v1/users/me', { token: accessToken });
      assert.deepEqual([...(me.body as User).roles].sort(), [...new Set(after)].sort());
      const audit = await gateway.request('GET', '/api/v1/audit?limit=1', { token: accessToken });
      assert.equal(audit.status, after.includes('admin') ? 200 : 403, audit.text);
    }), { numRuns: 100 });
  });
});
