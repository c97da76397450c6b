import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventCodec, EventDecodeError } from '@inventory/contracts';
import { MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import { isInfrastructureFailure } from './mongo-errors.js';

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const NO_RETRY = { timeoutMs: 200, retries: 0, initialRetryMs: 1 };
const wireValue = (): Buffer => Buffer.from([0, 0, 0, 0, 7, 0]);

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('isInfrastructureFailure (over real library errors)', function () {
  this.timeout(10_000);

  it('a registry that cannot be reached (the client\'s ResponseError, no code) is infrastructure', async () => {
    const port = await closedPort();
    const error = await caught(() => new EventCodec(`http://127.0.0.1:${port}`, NO_RETRY).decode({ value: wireValue() }));
    assert.equal((error as Error).name, 'ResponseError');
    assert.equal(isInfrastructureFailure(error), true);
  });

  it('a registry that answers 503 or times out is infrastructure; one that answers 404 is not', async () => {
    const answers: Record<string, number | undefined> = { '503': 503, '404': 404, hang: undefined };
    for (const [name, status] of Object.entries(answers)) {
      const server = createServer((request, response) => {
        request.resume();
        if (status) response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: name }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const error = await caught(() => new EventCodec(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, NO_RETRY).decode({ value: wireValue() }));
        assert.equal(isInfrastructureFailure(error), status !== 404, `${name}: ${String(error)}`);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it('a store that cannot be selected (MongoServerSelectionError) is infrastructure', async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${await closedPort()}/x`, { serverSelectionTimeoutMS: 200 });
    try {
      const error = await caught(() => client.db('x').collection('y').findOne({}));
      assert.equal(isInfrastructureFailure(error), true);
    } finally {
      await client.close();
    }
  });

  it('failover and transient errors (NotWritablePrimary, error labels, network) are infrastructure', () => {
    assert.equal(isInfrastructureFailure(new MongoServerError({ message: 'not primary', code: 10107, codeName: 'NotWritablePrimary' })), true);
    assert.equal(isInfrastructureFailure(new MongoServerError({ message: 'x', code: 1, errorLabels: ['RetryableWriteError'] })), true);
    assert.equal(isInfrastructureFailure(new MongoServerError({ message: 'x', code: 1, errorLabels: ['TransientTransactionError'] })), true);
    const reset = new MongoNetworkError('pool cleared');
    assert.equal(isInfrastructureFailure(reset), true);
    assert.equal(isInfrastructureFailure(new Error('apply failed', { cause: new MongoServerError({ message: 'x', code: 1, errorLabels: ['ResetPool'] }) })), true);
  });

  it('errors of the event itself are not infrastructure', () => {
    assert.equal(isInfrastructureFailure(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 })), false);
    assert.equal(isInfrastructureFailure(new MongoServerError({ message: 'document too large', code: 10334 })), false);
    assert.equal(isInfrastructureFailure(new EventDecodeError('not avro')), false);
    assert.equal(isInfrastructureFailure(new Error('bad data')), false);
  });
});
