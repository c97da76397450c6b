import assert from 'node:assert/strict';
import { API_BASE_PATH, ROUTES, problemDetailsSchema } from '@inventory/contracts';
import { GatewayHarness } from '../testing/gateway-harness.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('gateway: a path the contract names literally answers 405 for the methods it does not have', function () {
  it('even where a parameterised route of that method would match it (PATCH /users/me is not PATCH /users/{id})', async function () {
    const gateway = await GatewayHarness.start();
    try {
      const staticPaths = [...new Set(ROUTES.filter((route) => !route.path.includes('{')).map((route) => route.path))];
      for (const path of staticPaths) {
        const declared = ROUTES.filter((route) => route.path === path).map((route) => route.method.toUpperCase());
        for (const method of METHODS.filter((candidate) => !declared.includes(candidate))) {
          const answer = await gateway.request(method, `${API_BASE_PATH}${path}`);
          assert.equal(answer.status, 405, `${method} ${path}: ${answer.text}`);
          assert.equal(problemDetailsSchema.parse(answer.body).code, 'METHOD_NOT_ALLOWED');
          assert.deepEqual(answer.headers.get('allow')?.split(', ').filter((allowed) => allowed !== 'HEAD').sort(), [...declared].sort(), `${method} ${path}`);
        }
      }
    } finally {
      await gateway.stop();
    }
  });
});
