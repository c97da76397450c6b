import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useInfra } from '@inventory/testkit';
import { MongoClient } from 'mongodb';
import { request } from 'undici';
import { AuditLog, type AuditRecord } from './audit-log.js';
import { ADMIN, GatewayHarness } from '../testing/gateway-harness.js';

describe('audit records written behind the responses', function () {
  let client: MongoClient;
  before(async function () { client = new MongoClient((await useInfra()).env.MONGODB_URI); });
  after(async () => client?.close());

  it('a graceful stop during a burst of writes keeps the record of every request it answered', async function () {
    const gateway = await GatewayHarness.start();
    const database = gateway.db.databaseName;
    try {
      const { accessToken } = await gateway.login(ADMIN.username, ADMIN.password);
      const move = { itemId: randomUUID(), toLocationId: randomUUID() };
      const correlationIds = Array.from({ length: 60 }, () => randomUUID());
      // One connection per request, closed after it (reset): the stop does not wait for idle keep-alive sockets.
      const calls = correlationIds.map((correlationId) => request(`${gateway.baseUrl}/api/v1/moves`, {
        method: 'POST', reset: true, body: JSON.stringify(move),
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'x-request-id': correlationId },
      }).then(async (answer) => { await answer.body.dump(); return answer.statusCode; }, () => undefined));
      // Stop while records of answered requests are still queued: the store is written behind.
      await Promise.race(calls);
      await gateway.stop({ keepDatabase: true });
      const answers = await Promise.all(calls);
      const answeredIds = correlationIds.filter((_, index) => answers[index] === 201);
      assert.ok(answeredIds.length > 0);
      const records = await client.db(database).collection('audit').find({ correlationId: { $in: correlationIds } }).toArray();
      for (const correlationId of answeredIds) {
        assert.equal(records.filter((record) => record.correlationId === correlationId).length, 1, `answered request ${correlationId}`);
      }
    } finally {
      await client.db(database).dropDatabase();
    }
  });

  it('storing a batch again (a retry after a lost answer) keeps one record each', async function () {
    const db = client.db(`gateway_test_${randomUUID().slice(0, 8)}`);
    try {
      const log = new AuditLog(db);
      const batch: AuditRecord[] = [1, 2, 3].map(() => ({
        _id: randomUUID(), at: new Date(), userId: null, username: null, action: 'moveItem', method: 'POST', path: '/api/v1/moves',
        targetId: null, outcome: 'SUCCEEDED', status: 201, errorCode: null, correlationId: 'retry', ip: null,
      }));
      await log.appendMany(batch.slice(0, 2));
      await log.appendMany(batch);
      assert.equal(await db.collection('audit').countDocuments({ correlationId: 'retry' }), 3);
    } finally {
      await db.dropDatabase();
    }
  });
});
