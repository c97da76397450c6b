import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, MongoServerError, type IndexDescription } from 'mongodb';
import { useInfra } from '../infra.js';
import { skipBecause } from '../skip.js';

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

  // FerretDB 1.24.2 alone keeps one pooled connection per statement until the command ends, and
  // waits forever once a bulk has more statements than its pool (100).
  it('applies a bulk of 300 conditional updates in one command', async function () {
    const collection = client.db(`smoke_${randomUUID().slice(0, 8)}`).collection<{ _id: string; n: number }>('bulk');
    await collection.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `doc-${i}`, n: 0 })));
    const { modifiedCount } = await collection.bulkWrite(Array.from({ length: 300 }, (_, i) => ({ updateOne: { filter: { _id: `doc-${i}`, n: 0 }, update: { $inc: { n: 1 } } } })), { ordered: false });
    assert.equal(modifiedCount, 300);
    assert.equal(await collection.countDocuments({ n: 1 }), 300);
  });

  // Our patch pushes `_id: {$in}` down to the _id index; the rest of the filter must still apply.
  it('finds by a list of ids, honouring the rest of the filter and ids of other types', async function () {
    const collection = client.db(`smoke_${randomUUID().slice(0, 8)}`).collection<{ _id: string | number; live: boolean }>('lists');
    await collection.insertMany([{ _id: 'a', live: true }, { _id: 'b', live: false }, { _id: 'c', live: true }, { _id: 7, live: true }]);
    const ids = async (filter: object) => (await collection.find(filter).toArray()).map((doc) => doc._id).sort();
    assert.deepEqual(await ids({ _id: { $in: ['a', 'b', 'x'] } }), ['a', 'b']);
    assert.deepEqual(await ids({ _id: { $in: ['a', 'b', 'c'] }, live: true }), ['a', 'c']);
    assert.deepEqual(await ids({ _id: { $in: ['c', 7] } }), [7, 'c']);
    assert.deepEqual(await ids({ _id: { $nin: ['a'] }, live: true }), [7, 'c']);
  });

  // A service creates its indexes at every start; FerretDB 1.24.2 alone drops the connection here.
  it('accepts createIndexes again for indexes that already exist (a service restart)', async function () {
    const collection = client.db(`smoke_${randomUUID().slice(0, 8)}`).collection('restarts');
    const specs: IndexDescription[] = [{ key: { code: 1 } }, { key: { parentId: 1 } }, { key: { kind: 1, code: 1 } }];
    await collection.createIndexes(specs);
    await collection.createIndexes(specs);
    assert.deepEqual((await collection.indexes()).map((index) => index.name).sort(), ['_id_', 'code_1', 'kind_1_code_1', 'parentId_1']);
  });
});

describe('smoke: single-document writes are atomic under concurrency', function () {
  let client: MongoClient;

  before(async function () {
    client = new MongoClient((await useInfra()).env.MONGODB_URI, { maxPoolSize: 32 });
    await client.connect();
  });

  after(async () => client?.close());

  // FerretDB v1 alone fails all three (it queries, then writes); infra/local/ferretdb's gate fixes it.
  it('a conditional update has exactly one winner, $inc loses nothing, findOneAndUpdate hands out a version once', async function () {
    const collection = client.db(`smoke_${randomUUID().slice(0, 8)}`).collection<{ _id: string; revision: number; n: number }>('race');
    for (let round = 0; round < 5; round += 1) {
      const id = `doc-${round}`;
      await collection.insertOne({ _id: id, revision: 1, n: 0 });
      const updates = await Promise.all(Array.from({ length: 20 }, () => collection.updateOne({ _id: id, revision: 1 }, { $inc: { revision: 1 } })));
      assert.equal(updates.filter((result) => result.modifiedCount === 1).length, 1, 'one compare-and-set winner');
      await Promise.all(Array.from({ length: 20 }, () => collection.updateOne({ _id: id }, { $inc: { n: 1 } })));
      assert.equal((await collection.findOne({ _id: id }))?.n, 20, 'no lost increment');
      const claims = await Promise.all(Array.from({ length: 20 }, () => collection.findOneAndUpdate({ _id: id, revision: 2 }, { $inc: { revision: 1 } })));
      assert.equal(claims.filter((claim) => claim !== null).length, 1, 'one findOneAndUpdate winner');
    }
  });

  // The gate locks a write anchored on `_id`s by document, any other by collection.
  it('loses no increment when bulks, id lists and single writes race on the same documents', async function () {
    const collection = client.db(`smoke_${randomUUID().slice(0, 8)}`).collection<{ _id: string; n: number }>('race');
    await collection.insertMany([{ _id: 'a', n: 0 }, { _id: 'b', n: 0 }, { _id: 'c', n: 0 }]);
    const inc = { $inc: { n: 1 } };
    await Promise.all([
      ...Array.from({ length: 15 }, () => collection.bulkWrite([{ updateOne: { filter: { _id: 'a' }, update: inc } }, { updateOne: { filter: { _id: 'b' }, update: inc } }])),
      ...Array.from({ length: 15 }, () => collection.updateMany({ _id: { $in: ['a', 'b'] } }, inc)),
      ...Array.from({ length: 15 }, () => collection.updateOne({ _id: 'a' }, inc)),
      ...Array.from({ length: 15 }, () => collection.findOneAndUpdate({ _id: 'c' }, inc)),
      ...Array.from({ length: 15 }, () => collection.updateOne({ n: { $gte: 0 }, _id: 'c' }, inc)),
    ]);
    const counts = Object.fromEntries((await collection.find().toArray()).map(({ _id, n }) => [_id, n]));
    assert.deepEqual(counts, { a: 45, b: 30, c: 30 });
  });
});

describe('smoke: the write gate never strands a lock', function () {
  it('alternating writes to two collections over one connection all complete', async function () {
    const client = new MongoClient((await useInfra()).env.MONGODB_URI, { maxPoolSize: 1 });
    try {
      const db = client.db(`smoke_${randomUUID().slice(0, 8)}`);
      const [left, right] = [db.collection('left'), db.collection('right')];
      // A reply lets the client send its next write at once; a gate that releases too late keeps the first collection locked.
      const writes = (async () => {
        for (let index = 0; index < 50; index += 1) {
          await left.insertOne({ index });
          await right.insertOne({ index });
        }
      })();
      const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('writes hung behind a stranded lock')), 20_000).unref());
      await Promise.race([writes, deadline]);
      assert.deepEqual([await left.countDocuments(), await right.countDocuments()], [50, 50]);
    } finally {
      await client.close();
    }
  });
});

describe('smoke: the document store checkpoints its write-ahead log', function () {
  // A checkpointer that kept a read open let the log grow to gigabytes under a steady load (every read then searched it).
  it('starts the log over during a steady write load, so it does not grow without bound', async function () {
    const infra = await useInfra();
    if (!infra.docStore) skipBecause(this, 'MONGODB_URI names an external document store; this test reads its files');
    const client = new MongoClient(infra.env.MONGODB_URI);
    const name = `smoke_${randomUUID().slice(0, 8)}`;
    try {
      const collection = client.db(name).collection('load');
      // ~140 MB of log if it were never started over; no pause between the writes. The checkpointer
      // tries to start it over past 64 MB, at the first moment no reader is on it: when exactly
      // depends on the machine's pace, so the test asks that it did, and that the log stayed near that size.
      const wal = path.join(infra.docStore.folder, `${name}.sqlite-wal`);
      const sizes: number[] = [];
      for (let batch = 0; batch < 32; batch += 1) {
        await collection.insertMany(Array.from({ length: 5000 }, (_, i) => ({ batch, i, text: 'x'.repeat(800) })));
        sizes.push(statSync(wal).size);
      }
      assert.ok(sizes.some((size, i) => i > 0 && size < sizes[i - 1]!), `the log never started over: ${sizes.join(', ')} bytes`);
      assert.ok(Math.max(...sizes) <= 128 * 2 ** 20, `the log has grown to ${Math.max(...sizes)} bytes`);
    } finally {
      await client.db(name).dropDatabase();
      await client.close();
    }
  });
});
