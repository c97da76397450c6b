import assert from 'node:assert/strict';
import { HEADERS } from './common.js';
import { problemDetailsSchema } from '../http/problem.js';
import type { ApiResponse, RouteContract } from './route-contract.js';
import { API_BASE_PATH, ROUTES } from './routes.js';

const templateToPattern = (path: string): RegExp => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
const matchers = ROUTES.map((route) => ({ route, pattern: templateToPattern(route.path) }));

/** The contract of the route a request went to, found the way the gateway routes it. */
export function routeOf(method: string, path: string): RouteContract {
  const bare = path.replace(API_BASE_PATH, '').split('?')[0]!;
  const found = matchers.find(({ route, pattern }) => route.method === method.toLowerCase() && pattern.test(bare));
  assert.ok(found, `no contract route for ${method} ${path}`);
  return found.route;
}

/**
 * Asserts that a real answer is what the contract promises: the success status and a body the
 * response schema accepts (strict: no unknown fields) with its Consistency-Token also in the header,
 * or an error in the one envelope.
 */
export function assertConforms(method: string, path: string, response: ApiResponse): void {
  const route = routeOf(method, path);
  if (response.status >= 400) {
    const envelope = problemDetailsSchema.safeParse(response.body);
    assert.ok(envelope.success, `${method} ${path}: error outside the envelope: ${JSON.stringify(response.body)}`);
    return;
  }
  assert.equal(response.status, route.response.status, `${method} ${path}: status`);
  const parsed = route.response.schema?.safeParse(response.body);
  assert.ok(!parsed || parsed.success, `${method} ${path}: body does not match ${route.operationId}: ${parsed?.error?.message}\n${JSON.stringify(response.body)}`);
  const { consistencyToken } = (response.body ?? {}) as { consistencyToken?: string };
  if (consistencyToken !== undefined) assert.equal(response.headers.get(HEADERS.consistencyToken), consistencyToken, `${method} ${path}: Consistency-Token header and body field differ`);
}
