import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventCodec } from '../events/codec.js';
import { avroSchemaOf } from '../events/avro-schemas.js';

/** A registry stand-in whose answers the test scripts; `undefined` leaves the request hanging, as a stuck registry does. */
async function scriptedRegistry(answer: (request: IncomingMessage, attempt: number) => [number, unknown] | undefined) {
  let attempts = 0;
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    const reply = answer(request, ++attempts);
    if (!reply) return void hanging.push(response);
    response.writeHead(reply[0], { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }).end(JSON.stringify(reply[1]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts: () => attempts,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const LIMITS = { timeoutMs: 150, retries: 2, initialRetryMs: 10 };
const wireValue = (schemaId: number): Buffer => {
  const value = Buffer.alloc(6);
  value.writeInt32BE(schemaId, 1);
  return value;
};

describe('schema-registry calls are bounded', function () {
  this.timeout(10_000);

  it('a registry that never answers fails registration after a timeout and bounded retries, instead of hanging', async () => {
    const registry = await scriptedRegistry(() => undefined);
    try {
      const started = Date.now();
      await assert.rejects(new EventCodec(registry.url, LIMITS).schemaIdOf('ItemMoved'));
      assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms`);
      assert.equal(registry.attempts(), 1 + LIMITS.retries);
    } finally {
      await registry.close();
    }
  });

  it('decoding against a registry that never answers fails after the timeout and bounded retries', async () => {
    const registry = await scriptedRegistry(() => undefined);
    try {
      const started = Date.now();
      await assert.rejects(new EventCodec(registry.url, LIMITS).decode({ value: wireValue(7) }));
      assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms`);
      assert.equal(registry.attempts(), 1 + LIMITS.retries);
    } finally {
      await registry.close();
    }
  });

  it('a stuck attempt is retried with backoff and a later answer is used', async () => {
    const schema = JSON.stringify(avroSchemaOf('ItemMoved'));
    const registry = await scriptedRegistry((_request, attempt) => (attempt === 1 ? undefined : attempt === 2 ? [503, { message: 'unavailable' }] : [200, { schema }]));
    try {
      // The reading resolves; the payload (empty) then fails to decode as Avro, which is not a registry error.
      await assert.rejects(new EventCodec(registry.url, LIMITS).decode({ value: wireValue(7) }), (error: Error) => !/Timeout|unavailable/.test(error.message));
      assert.equal(registry.attempts(), 3);
    } finally {
      await registry.close();
    }
  });
});
