import type { Document, Filter } from 'mongodb';
import { assertNoCollectionScan, skipBecause } from '@inventory/testkit';
import { seedWarehouse, useTestService } from '../testing/service.js';
import { COLLECTIONS, IDEMPOTENCY_KEYS } from './documents.js';
import { PENDING_HOLDS, PENDING_OUTBOX, QUARANTINED_OUTBOX } from './indexes.js';

/** The driver's countDocuments pipeline, whose plan is the count's. */
const countPipeline = (filter: Document) => [{ $match: filter }, { $group: { _id: 1, n: { $sum: 1 } } }];

/** Issue 18.3: on MongoDB the command service's sweeps, gauges and witness queries use indexes (under `npm run test:containers`). */
describe('command service query plans (MongoDB profile)', () => {
  const suite = useTestService();

  before(async function () {
    const { profile } = suite.service.running.context.mongo;
    if (!profile.secondaryIndexes) skipBecause(this, `STORE_PROFILE=${profile.name} creates no secondary index, so every plan there scans; this runs under npm run test:containers (MongoDB 7)`);
    await seedWarehouse(suite.service);
  });

  it('the relay\'s passes and its outbox gauges read only the outbox indexes', async () => {
    const { db } = suite.service.running.context.mongo;
    for (const family of Object.values(COLLECTIONS)) {
      const collection = db.collection(family);
      assertNoCollectionScan(`${family} relay pass`, await collection.find({ ...PENDING_OUTBOX, outboxQuarantine: { $exists: false } }, { projection: { outbox: 1 }, limit: 100 }).explain('queryPlanner'));
      assertNoCollectionScan(`${family} pending gauge`, await collection.aggregate(countPipeline(PENDING_OUTBOX)).explain('queryPlanner'));
      assertNoCollectionScan(`${family} oldest pending gauge`, await collection.find(PENDING_OUTBOX, { projection: { updatedAt: 1 }, sort: { updatedAt: 1 }, limit: 1 }).explain('queryPlanner'));
      assertNoCollectionScan(`${family} quarantine gauge`, await collection.aggregate(countPipeline(QUARANTINED_OUTBOX)).explain('queryPlanner'));
    }
  });

  it('the stale-hold and Idempotency-Key sweeps and a location type\'s witnesses use indexes', async () => {
    const { db } = suite.service.running.context.mongo;
    const live = { deleted: false };
    const plans: [string, string, Filter<Document>][] = [
      ['stale-hold sweep', COLLECTIONS.locations, PENDING_HOLDS],
      ['Idempotency-Key sweep', IDEMPOTENCY_KEYS, { expiresAt: { $lt: new Date() } }],
      ['locations over a new capacity', COLLECTIONS.locations, { ...live, locationTypeId: 'type', occupancy: { $gt: 3 } }],
      ['parents at the type\'s locations', COLLECTIONS.items, { ...live, locationId: { $in: ['a', 'b'] }, kind: 'PARENT' }],
      ['children of no longer allowed types', COLLECTIONS.items, { ...live, parentId: { $in: ['p'] }, itemTypeId: { $nin: ['t'] } }],
    ];
    for (const [what, collection, filter] of plans) assertNoCollectionScan(what, await db.collection(collection).find(filter).explain('queryPlanner'));
  });
});
