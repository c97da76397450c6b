import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MongoClient, MongoServerError } from 'mongodb';
import { useInfra } from '../infra.js';

describe('smoke: the official MongoDB driver against the document store', function () {
  let client: MongoClient;

  before(async function () {
    const infra = await useInfra();
    client = new MongoClient(infra.env.MONGODB_URI);
    await client.connect();
  });

  after(async () => client?.close());

  it('inserts, finds, rejects a unique-index violation and upserts with findOneAndUpdate', async function () {
    const collection = client.db(`smoke_${randomUUID().slice(0, 8)}`).collection<{ _id: string; code: string; n?: number }>('things');
    await collection.createIndex({ code: 1 }, { unique: true });

    await collection.insertOne({ _id: 'one', code: 'A-1' });
    assert.deepEqual(await collection.findOne({ _id: 'one' }), { _id: 'one', code: 'A-1' });

    await assert.rejects(collection.insertOne({ _id: 'two', code: 'A-1' }), (error: unknown) => error instanceof MongoServerError && error.code === 11000);
    assert.equal(await collection.countDocuments({}), 1, 'the duplicate left nothing behind');

    const created = await collection.findOneAndUpdate({ _id: 'three' }, { $setOnInsert: { code: 'B-3' }, $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
    assert.deepEqual(created, { _id: 'three', code: 'B-3', n: 1 });
    const incremented = await collection.findOneAndUpdate({ _id: 'three', n: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    assert.equal(incremented?.n, 2);
    const stale = await collection.findOneAndUpdate({ _id: 'three', n: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    assert.equal(stale, null, 'a conditional update on a stale version matches nothing');
  });
});
