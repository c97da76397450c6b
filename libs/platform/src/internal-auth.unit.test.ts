import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { problemDetailsSchema } from '@inventory/contracts';
import { ConfigError, loadConfig, serviceEnvSchema } from './config.js';
import { createServiceApp, finishServiceApp } from './http-app.js';
import { internalAuthHeaders } from './internal-auth.js';
import { closeServer, listen } from './lifecycle.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

const TOKEN = 'internal-token-for-this-test-0123456789';

describe('internal auth (services behind the gateway)', () => {
  let server: Server;
  let baseUrl: string;

  before(async () => {
    const app = createServiceApp({ logger: createLogger('auth-test', 'silent'), metrics: createMetrics('auth-test'), readiness: {}, internalAuthToken: TOKEN });
    app.post('/api/v1/things', (req, res) => { res.status(201).json({ got: req.body as unknown }); });
    finishServiceApp(app);
    server = await listen(app, 0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => { await closeServer(server); });

  const post = (headers: Record<string, string>) => fetch(`${baseUrl}/api/v1/things`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ a: 1 }),
  });

  async function assertRefused(response: Response): Promise<void> {
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    const body = problemDetailsSchema.parse(await response.json());
    assert.equal(body.code, 'INTERNAL_AUTH_REQUIRED');
  }

  it('lets the right token through', async () => {
    const response = await post(internalAuthHeaders(TOKEN));
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), { got: { a: 1 } });
  });

  it('refuses a missing, wrong, differently long or differently formed token with 401 in the envelope', async () => {
    await assertRefused(await post({}));
    await assertRefused(await post(internalAuthHeaders(`${TOKEN.slice(0, -1)}x`)));
    await assertRefused(await post(internalAuthHeaders(`${TOKEN}0`)));
    await assertRefused(await post(internalAuthHeaders('short')));
    await assertRefused(await post({ authorization: TOKEN }));
    await assertRefused(await post({ 'x-actor-id': 'someone' }));
  });

  it('refuses unknown routes and /metrics without the token, but keeps the health checks open', async () => {
    await assertRefused(await fetch(`${baseUrl}/no/such/route`));
    await assertRefused(await fetch(`${baseUrl}/metrics`));
    assert.equal((await fetch(`${baseUrl}/metrics`, { headers: internalAuthHeaders(TOKEN) })).status, 200);
    assert.equal((await fetch(`${baseUrl}/health/live`)).status, 200);
    assert.equal((await fetch(`${baseUrl}/health/ready`)).status, 200);
  });
});

describe('INTERNAL_AUTH_TOKEN and the bind settings', () => {
  it('is required, with no default, and at least 32 characters', () => {
    assert.throws(() => loadConfig(serviceEnvSchema, {}), (error: Error) => error instanceof ConfigError && /INTERNAL_AUTH_TOKEN/.test(error.message));
    assert.throws(() => loadConfig(serviceEnvSchema, { INTERNAL_AUTH_TOKEN: 'x'.repeat(31) }), /INTERNAL_AUTH_TOKEN: must be at least 32 characters/);
    const config = loadConfig(serviceEnvSchema, { INTERNAL_AUTH_TOKEN: TOKEN });
    assert.deepEqual([config.INTERNAL_AUTH_TOKEN, config.GATEWAY_HOST, config.INTERNAL_HOST], [TOKEN, '127.0.0.1', '127.0.0.1']);
  });
});
