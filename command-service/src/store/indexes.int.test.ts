import assert from 'node:assert/strict';
import { attachStoreProfile, indexesFor, storeProfiles, type StoreProfile } from '@inventory/platform';
import { MongoClient, type Db } from 'mongodb';
import { IdempotencyKeys } from '../http/idempotency.js';
import { useTestService } from '../testing/service.js';
import { IDEMPOTENCY_KEYS } from './documents.js';
import { COMMAND_INDEXES, ensureCommandIndexes } from './indexes.js';

/** Index name -> the options that matter (partial filter, TTL) of every index but `_id`'s, per collection. */
async function indexesIn(db: Db): Promise<Record<string, Record<string, unknown>>> {
  const found: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(COMMAND_INDEXES)) {
    const indexes = await db.collection(name).listIndexes().toArray().catch(() => []); // a collection not created yet has none
    for (const { name: index, partialFilterExpression, expireAfterSeconds } of indexes) {
      if (index !== '_id_') found[`${name}.${index as string}`] = { partialFilterExpression, expireAfterSeconds };
    }
  }
  return found;
}

const expectedOn = (profile: StoreProfile) => Object.fromEntries(Object.entries(COMMAND_INDEXES).flatMap(([name, indexes]) =>
  indexesFor(profile, indexes).map(({ name: index, partialFilterExpression, expireAfterSeconds }) => [`${name}.${index!}`, { partialFilterExpression, expireAfterSeconds }])));

describe('command service indexes per store profile (real store)', function () {
  const suite = useTestService();

  it('the service creates at start exactly what its store profile keeps of the outbox, quarantine, hold, witness and expiry indexes', async () => {
    const { db, profile } = suite.service.running.context.mongo;
    assert.deepEqual(await indexesIn(db), expectedOn(profile));
  });

  it('with secondary indexes (unfiltered, no TTL: what this store can hold) every index is created, and again at the next start without error', async () => {
    const client = await new MongoClient(suite.service.env.MONGODB_URI!).connect();
    const profile = { ...storeProfiles[suite.service.running.context.mongo.profile.name], secondaryIndexes: true };
    if (profile.name === 'ferretdb-local') Object.assign(profile, { partialIndexes: false, ttlIndexes: false });
    attachStoreProfile(client, profile);
    const db = client.db(`${suite.service.database}_indexed`);
    try {
      await ensureCommandIndexes(db);
      await ensureCommandIndexes(db);
      const found = await indexesIn(db);
      assert.deepEqual(found, expectedOn(profile));
      assert.ok(Object.keys(found).includes('locations.holds_pending') && Object.keys(found).includes('items.outbox_pending'), JSON.stringify(found));
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });

  it('expired Idempotency-Key records go: by the TTL index where the profile has one, else by the sweep', async () => {
    const { db, profile } = suite.service.running.context.mongo;
    const records = db.collection<{ _id: string; expiresAt: Date }>(IDEMPOTENCY_KEYS);
    await records.insertMany([{ _id: 'old', expiresAt: new Date(Date.now() - 1000) }, { _id: 'live', expiresAt: new Date(Date.now() + 600_000) }]);
    const swept = await new IdempotencyKeys(db).sweep();
    if (profile.ttlIndexes) {
      assert.equal(swept, 0, 'the sweep leaves expiry to the TTL index');
      const [ttl] = await records.listIndexes().toArray().then((indexes) => indexes.filter((index) => index.name === 'expiry'));
      assert.equal(ttl?.expireAfterSeconds, 0);
    } else {
      assert.equal(swept, 1);
      assert.deepEqual((await records.find().toArray()).map(({ _id }) => _id), ['live']);
    }
  });
});
