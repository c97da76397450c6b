import assert from 'node:assert/strict';
import { indexesFor, type StoreIndex } from './indexes.js';
import { storeProfiles } from './store-profile.js';

const INDEXES: StoreIndex[] = [
  { name: 'name_unique', key: { name: 1 }, unique: true, partialFilterExpression: { deleted: false } },
  { name: 'pending', key: { updatedAt: 1 }, partialFilterExpression: { 'outbox.0': { $exists: true } } },
  { name: 'expiry', key: { expiresAt: 1 }, expires: true },
];

describe('indexes per store profile (indexesFor)', () => {
  it('creates every index as described on MongoDB and DocumentDB: partial filters and TTL included', () => {
    const expected = [
      { name: 'name_unique', key: { name: 1 }, unique: true, partialFilterExpression: { deleted: false } },
      { name: 'pending', key: { updatedAt: 1 }, partialFilterExpression: { 'outbox.0': { $exists: true } } },
      { name: 'expiry', key: { expiresAt: 1 }, expireAfterSeconds: 0 },
    ];
    assert.deepEqual(indexesFor(storeProfiles.mongodb, INDEXES), expected);
    assert.deepEqual(indexesFor(storeProfiles.documentdb, INDEXES), expected);
  });

  it('keeps only the unique indexes on the local FerretDB (a secondary index there serves no read)', () => {
    assert.deepEqual(indexesFor(storeProfiles['ferretdb-local'], INDEXES).map(({ name }) => name), ['name_unique']);
  });

  it('falls back to unfiltered keys and a plain expiry index for the sweep where a profile lacks partial or TTL indexes', () => {
    const plain = { ...storeProfiles.mongodb, partialIndexes: false, ttlIndexes: false };
    assert.deepEqual(indexesFor(plain, INDEXES).slice(1), [
      { name: 'pending', key: { updatedAt: 1 } },
      { name: 'expiry', key: { expiresAt: 1 } },
    ]);
  });
});
