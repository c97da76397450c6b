import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { contractRoute } from './contract-route.js';
import { createServiceApp, finishServiceApp } from './http-app.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

/** A service app with a few contract routes, on an ephemeral port. */
async function serve(mount: (router: Router) => void) {
  const app = createServiceApp({ logger: createLogger('contract-route-test', 'silent'), metrics: createMetrics('contract_route_test'), readiness: {} });
  const router = Router();
  mount(router);
  app.use(router);
  finishServiceApp(app);
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };
  return { call, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('contractRoute: every service mounts a contract route the same way', () => {
  it('serves the route at its contract path and method, with the parsed parts and the contract success status', async () => {
    const seen: unknown[] = [];
    const [location, child, parent] = [randomUUID(), randomUUID(), randomUUID()];
    const service = await serve((router) => {
      contractRoute<{ id: string }>(router, 'getLocation', async ({ params }) => ({ id: params.id }));
      contractRoute<object, object, { parentId: string }>(router, 'assignChild', async ({ params, body }) => { seen.push(params, body); return { ok: true }; });
    });
    try {
      assert.deepEqual(await service.call('GET', `/api/v1/locations/${location}`), { status: 200, body: { id: location } });
      assert.equal((await service.call('POST', `/api/v1/items/${child}/assignment`, { parentId: parent })).status, 201);
      assert.deepEqual(seen, [{ id: child }, { parentId: parent }]);
      assert.equal((await service.call('DELETE', `/api/v1/locations/${location}`)).status, 404, 'only the named route is mounted');
    } finally {
      await service.close();
    }
  });

  it('refuses a part the contract schema rejects with 400 VALIDATION_FAILED naming the field, before the handler runs', async () => {
    let ran = 0;
    const service = await serve((router) => {
      contractRoute(router, 'listLocations', async () => { ran += 1; return {}; });
      contractRoute(router, 'getCountsReport', async ({ query }) => query, { ownQueryKeys: ['format'] });
      contractRoute(router, 'moveItem', async () => { ran += 1; return {}; });
    });
    try {
      const badQuery = await service.call('GET', '/api/v1/locations?limit=0');
      assert.deepEqual([badQuery.status, badQuery.body.code, (badQuery.body.errors as { in: string }[])[0]?.in], [400, 'VALIDATION_FAILED', 'query']);
      const badBody = await service.call('POST', '/api/v1/moves', { itemId: 1 });
      assert.deepEqual([badBody.status, badBody.body.code, (badBody.body.errors as { in: string }[])[0]?.in], [400, 'VALIDATION_FAILED', 'body']);
      assert.equal(ran, 0);
      const itemType = randomUUID();
      assert.deepEqual(await service.call('GET', `/api/v1/reports/counts?format=json&itemType=${itemType}`), { status: 200, body: { itemType } }, 'keys the handler reads itself are left out of the parse');
    } finally {
      await service.close();
    }
  });
});
