import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventCodec } from './codec.js';
import { EVENT_TYPES } from './catalog.js';

const ANSWER_MS = 80;
const LIMITS = { timeoutMs: 1000, retries: 0, initialRetryMs: 1 };

/** A registry that answers one call at a time, each after ANSWER_MS (as a cold registry on a busy machine queues them). */
async function serialRegistry() {
  let queue = Promise.resolve();
  let calls = 0;
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    calls += 1;
    const body = request.method === 'POST' ? { id: calls } : { compatibility: 'BACKWARD_TRANSITIVE', compatibilityLevel: 'BACKWARD_TRANSITIVE' };
    response.writeHead(200, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }).end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    request.resume();
    queue = queue.then(() => new Promise((resolve) => setTimeout(resolve, ANSWER_MS))).then(() => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)); },
  };
}

describe('EventCodec.registerAll against a registry that serves one call at a time', function () {
  this.timeout(30_000);

  it('registers every schema with no call waiting past its timeout (one subject after another, not all at once)', async () => {
    // All at once, the calls queue at the registry and the later ones time out: a service start failed that way.
    const registry = await serialRegistry();
    try {
      const ids = await new EventCodec(registry.url, LIMITS).registerAll();
      assert.deepEqual(Object.keys(ids).sort(), [...EVENT_TYPES].sort());
      assert.ok(EVENT_TYPES.length * 3 * ANSWER_MS > LIMITS.timeoutMs * 2, 'the registry is slow enough for the queue to matter');
      assert.equal(registry.calls(), EVENT_TYPES.length * 3, 'set the rule, read it back, register: three calls per subject');
    } finally {
      await registry.close();
    }
  });

  it('takes its per-call timeout from the limits it is given (SCHEMA_REGISTRY_TIMEOUT_MS in the services), the rest from the defaults', async () => {
    const registry = await serialRegistry();
    try {
      await assert.rejects(new EventCodec(registry.url, { timeoutMs: ANSWER_MS / 4, retries: 0 }).registerAll(), { name: 'TimeoutError' });
    } finally {
      await registry.close();
    }
  });
});
