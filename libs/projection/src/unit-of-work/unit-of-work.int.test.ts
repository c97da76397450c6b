import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useInfra } from '@inventory/testkit';
import { MongoClient, type Collection, type Db, type Document, type UpdateFilter } from 'mongodb';
import { ReadModelSpace } from '../read-models.js';
import { newRevision } from './collection-buffer.js';
import { DocumentCache } from './document-cache.js';
import { REVISION_FIELD } from './document-ops.js';
import { UnitOfWork, foldInUnit } from './unit-of-work.js';

type Doc = Document & { _id: string };
/** Array operators on an untyped document (the driver's types want the field declared). */
const loose = (update: Document): UpdateFilter<Doc> => update;
type Step = (collection: Collection<Doc>) => Promise<unknown>;

/** What a caller can see of a statement: its counts, the documents it returned, or the duplicate-key error. */
async function outcomeOf(step: Step, collection: Collection<Doc>): Promise<unknown> {
  try {
    const result = await step(collection);
    if (result && typeof result === 'object' && 'acknowledged' in result) {
      const { matchedCount, modifiedCount, upsertedCount, deletedCount } = result as Record<string, unknown>;
      return { matchedCount, modifiedCount, upsertedCount, deletedCount };
    }
    return withoutRevision(result);
  } catch (error) {
    return { error: (error as { code?: unknown }).code };
  }
}

const withoutRevision = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutRevision);
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const { [REVISION_FIELD]: _revision, ...rest } = value as Document;
  return rest;
};

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

/** Every statement shape the projections use (see the apply code of query-service and reporting-worker), on a few documents. */
const STEPS: Step[] = [
  (c) => c.updateOne({ _id: 'type' }, { $set: { name: 'a', version: 1 }, $setOnInsert: { createdAt: at(0) } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'type' }, { $set: { name: 'b', version: 2 }, $setOnInsert: { createdAt: at(5) } }, { upsert: true }),
  (c) => c.findOne({ _id: 'type' }),
  (c) => c.updateOne({ _id: 'cp', version: { $lt: 1 } }, { $set: { version: 1, occurredAt: at(1) } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'cp', version: { $lt: 3 } }, { $set: { version: 3 } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'cp', version: { $lt: 2 } }, { $set: { version: 2 } }, { upsert: true }),
  (c) => c.findOne({ _id: 'cp' }, { projection: { version: 1 } }),
  (c) => c.updateOne({ _id: 'L|a', $or: [{ 'items.a1': { $exists: false } }, { 'items.a1.s': { $lt: 2 } }] }, { $set: { 'items.a1': { s: 2, t: 'T', p: null } } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'L|a', $or: [{ 'items.a1': { $exists: false } }, { 'items.a1.s': { $lt: 1 } }] }, { $set: { 'items.a1': { s: 1, t: 'T', p: null } } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'L|a', $or: [{ 'items.a2': { $exists: false } }, { 'items.a2.s': { $lt: 1 } }] }, { $set: { 'items.a2': { s: 1, t: 'T', p: 'a1' } } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'L|a', 'items.a1.s': 1 }, { $unset: { 'items.a1': '' } }),
  (c) => c.updateOne({ _id: 'L|a', 'items.a1.s': 2 }, { $unset: { 'items.a1': '' } }),
  (c) => c.findOneAndUpdate({ _id: 'item' }, { $set: { locationId: 'L', itemTypeId: 'T' }, $inc: { placement: 1 } }, { returnDocument: 'before', upsert: true }),
  (c) => c.findOneAndUpdate({ _id: 'item' }, { $set: { locationId: 'M' }, $inc: { placement: 1 } }, { returnDocument: 'before', upsert: true }),
  (c) => c.findOneAndUpdate({ _id: 'item', parentId: 'p' }, { $set: { locationId: 'N' }, $inc: { placement: 1 } }, { returnDocument: 'before' }),
  (c) => c.updateOne({ _id: 'item' }, { $addToSet: { childIds: 'c1' } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'item' }, { $addToSet: { childIds: 'c1' } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'item' }, { $addToSet: { childIds: 'c2' } }),
  (c) => c.updateOne({ _id: 'item' }, loose({ $pull: { childIds: 'c1' } })),
  (c) => c.findOne({ _id: 'item' }, { projection: { locationId: 1 } }),
  (c) => c.findOneAndUpdate({ _id: 'stays' }, { $addToSet: { rows: { id: 'r1', at: at(10) } } }, { upsert: true, returnDocument: 'after' }),
  (c) => c.findOneAndUpdate({ _id: 'stays' }, { $addToSet: { rows: { id: 'r1', at: at(10) } } }, { upsert: true, returnDocument: 'after' }),
  (c) => c.findOneAndUpdate({ _id: 'stays' }, { $addToSet: { rows: { id: 'r2', at: at(20) } } }, { upsert: true, returnDocument: 'after' }),
  (c) => c.insertOne({ _id: 'row1', itemTypeId: null, until: null, occurredAt: at(10) }),
  (c) => c.insertOne({ _id: 'row1', itemTypeId: null, until: null, occurredAt: at(10) }),
  (c) => c.insertOne({ _id: 'row2', itemTypeId: 'T', until: null, occurredAt: at(20) }),
  (c) => c.updateOne({ _id: 'row1', $or: [{ until: null }, { until: { $gt: at(20) } }] }, { $set: { until: at(20) } }),
  (c) => c.updateOne({ _id: 'row1', $or: [{ until: null }, { until: { $gt: at(30) } }] }, { $set: { until: at(30) } }),
  (c) => c.updateMany({ _id: { $in: ['row1', 'row2', 'nothing'] }, itemTypeId: null }, { $set: { itemTypeId: 'T' } }),
  (c) => c.find({ _id: { $in: ['row2', 'row1', 'nothing'] } }, { projection: { itemTypeId: 1 } }).toArray(),
  (c) => c.updateOne({ _id: 'bucket', applied: { $ne: 'e1' } }, loose({ $inc: { itemCount: 2, 'byItemType.T': 2 }, $push: { applied: 'e1' } }), { upsert: true }),
  (c) => c.updateOne({ _id: 'bucket', applied: { $ne: 'e1' } }, loose({ $inc: { itemCount: 2, 'byItemType.T': 2 }, $push: { applied: 'e1' } }), { upsert: true }),
  (c) => c.updateOne({ _id: 'bucket', applied: { $ne: 'e2' } }, loose({ $inc: { itemCount: -1, 'byItemType.T': -1 }, $push: { applied: 'e2' } }), { upsert: true }),
  (c) => c.updateOne({ _id: 'bucket' }, loose({ $pullAll: { applied: ['e1'] } })),
  (c) => c.findOne({ _id: 'bucket' }, { projection: { applied: 0 } }),
  (c) => c.updateOne({ _id: 'child', itemTypeId: { $exists: false }, applied: { $ne: 'e3' } }, loose({ $inc: { 'pending.L': 1 }, $push: { applied: 'e3' } }), { upsert: true }),
  (c) => c.findOneAndUpdate({ _id: 'child' }, { $set: { itemTypeId: 'T' } }, { upsert: true, returnDocument: 'after' }),
  (c) => c.updateOne({ _id: 'child', itemTypeId: { $exists: false }, applied: { $ne: 'e4' } }, loose({ $inc: { 'pending.L': 1 }, $push: { applied: 'e4' } }), { upsert: true }),
  (c) => c.findOne({ _id: 'child' }, { projection: { itemTypeId: 1, applied: 1 } }),
  (c) => c.updateOne({ _id: 'child' }, { $set: { arrivedAt: 5 }, $unset: { pending: '' } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'newest', occurredAt: { $lt: at(3) } }, { $set: { eventId: 'e', occurredAt: at(3) } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'newest', occurredAt: { $lt: at(2) } }, { $set: { eventId: 'old', occurredAt: at(2) } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'notes' }, { $addToSet: { ids: { $each: ['x', 'y'] } }, $inc: { touches: 1 } }, { upsert: true }),
  (c) => c.updateOne({ _id: 'notes' }, { $addToSet: { ids: { $each: ['y', 'z'] } }, $inc: { touches: 1 } }, { upsert: true }),
  (c) => c.deleteOne({ _id: 'type' }),
  (c) => c.deleteOne({ _id: 'type' }),
  (c) => c.findOne({ _id: 'type' }),
];

describe('UnitOfWork against the real document store', () => {
  let mongo: MongoClient;
  let db: Db;
  let space: ReadModelSpace;
  let env: { MONGODB_URI: string };

  before(async () => {
    ({ env } = await useInfra());
    mongo = await MongoClient.connect(env.MONGODB_URI);
  });

  beforeEach(() => {
    db = mongo.db(`uow_test_${randomUUID().slice(0, 8)}`);
    space = new ReadModelSpace(db, 'uow', 1);
  });

  afterEach(async () => {
    await db.dropDatabase();
  });

  after(async () => {
    await mongo.close();
  });

  const stored = async (base: string) => (await space.collection<Doc>(base).find().sort({ _id: 1 }).toArray()).map(withoutRevision);

  it('gives every statement shape the projections use the results and end state the store itself gives', async () => {
    const direct: unknown[] = [];
    for (const step of STEPS) direct.push(await outcomeOf(step, space.collection<Doc>('direct')));
    const work = new UnitOfWork(space);
    const buffered: unknown[] = [];
    for (const step of STEPS) buffered.push(await outcomeOf(step, work.spaceFor('t').collection<Doc>('buffered')));
    assert.deepEqual((await work.flush()).redo, new Set());
    STEPS.forEach((_, i) => assert.deepEqual(buffered[i], direct[i], `step ${i}: ${STEPS[i]}`));
    assert.deepEqual(await stored('buffered'), await stored('direct'));
  });

  it('reads coalesce into one query per collection and turn, and a document is loaded once', async () => {
    await space.collection<Doc>('docs').insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
    const monitored = await MongoClient.connect(env.MONGODB_URI, { monitorCommands: true });
    let queries = 0;
    monitored.on('commandStarted', (event) => void (event.commandName === 'find' && (queries += 1)));
    try {
      const view = new UnitOfWork(new ReadModelSpace(monitored.db(db.databaseName), 'uow', 1)).spaceFor('t').collection<Doc>('docs');
      const found = await Promise.all([view.findOne({ _id: 'a' }), view.findOne({ _id: 'b' }), view.findOne({ _id: 'c' }), view.updateOne({ _id: 'a' }, { $inc: { n: 1 } })]);
      assert.deepEqual(found.slice(0, 3), [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, null]);
      assert.equal(queries, 1);
      assert.deepEqual(await view.findOne({ _id: 'a' }), { _id: 'a', n: 2 }, 'its own write');
      assert.equal(await view.findOne({ _id: 'c' }), null, 'known absent');
      assert.equal(queries, 1);
    } finally {
      await monitored.close();
    }
    assert.deepEqual(await space.collection<Doc>('docs').findOne({ _id: 'a' }), { _id: 'a', n: 1 }, 'nothing written before the flush');
  });

  it('two writers on one document: the later write-back re-runs its statements on the fresh copy', async () => {
    const [a, b] = [new UnitOfWork(space), new UnitOfWork(space)];
    await a.spaceFor('a').collection<Doc>('counts').updateOne({ _id: 'L', applied: { $ne: 'e1' } }, loose({ $inc: { n: 1 }, $push: { applied: 'e1' } }), { upsert: true });
    await b.spaceFor('b').collection<Doc>('counts').updateOne({ _id: 'L', applied: { $ne: 'e2' } }, loose({ $inc: { n: 10 }, $push: { applied: 'e2' } }), { upsert: true });
    assert.deepEqual((await b.flush()).redo, new Set());
    assert.deepEqual((await a.flush()).redo, new Set(), 'an insert that lost the race becomes an update; its result was not looked at');
    assert.deepEqual(await stored('counts'), [{ _id: 'L', n: 11, applied: ['e2', 'e1'] }]);

    const [c, d] = [new UnitOfWork(space), new UnitOfWork(space)];
    await c.spaceFor('c').collection<Doc>('counts').updateOne({ _id: 'L', applied: { $ne: 'e2' } }, loose({ $inc: { n: 100 }, $push: { applied: 'e2' } }));
    await d.spaceFor('d').collection<Doc>('counts').updateOne({ _id: 'L' }, { $inc: { n: 1000 } });
    assert.deepEqual((await d.flush()).redo, new Set());
    assert.deepEqual((await c.flush()).redo, new Set());
    assert.deepEqual(await stored('counts'), [{ _id: 'L', n: 1011, applied: ['e2', 'e1'] }], 'the guard is evaluated again on the fresh copy');
  });

  it('a write-back whose caller saw a result the fresh copy would not give is not written and its tag is redone', async () => {
    await space.collection<Doc>('items').insertOne({ _id: 'i', placement: 1, locationId: 'L' });
    const [a, b] = [new UnitOfWork(space), new UnitOfWork(space)];
    const before = await a.spaceFor('a').collection<Doc>('items').findOneAndUpdate({ _id: 'i' }, { $set: { locationId: 'M' }, $inc: { placement: 1 } }, { returnDocument: 'before' });
    assert.equal(before?.placement, 1);
    await b.spaceFor('b').collection<Doc>('items').findOneAndUpdate({ _id: 'i' }, { $set: { locationId: 'N' }, $inc: { placement: 1 } }, { returnDocument: 'before' });
    await a.spaceFor('a2').collection<Doc>('items').updateOne({ _id: 'i' }, { $set: { seenBy: 'a2' } });
    assert.deepEqual((await b.flush()).redo, new Set());
    assert.deepEqual((await a.flush()).redo, new Set(['a', 'a2']), 'every tag that touched the document');
    assert.deepEqual(await stored('items'), [{ _id: 'i', placement: 2, locationId: 'N' }]);
  });

  it('an observed count that the fresh copy changes redoes its tag; an unobserved one does not', async () => {
    await space.collection<Doc>('docs').insertOne({ _id: 'x', v: 1 });
    const [a, b, c] = [new UnitOfWork(space), new UnitOfWork(space), new UnitOfWork(space)];
    const seen = await a.spaceFor('a').collection<Doc>('docs').updateOne({ _id: 'x', v: 1 }, { $set: { by: 'a' } });
    assert.equal(seen.modifiedCount, 1);
    await c.spaceFor('c').collection<Doc>('docs').updateOne({ _id: 'x', v: 1 }, { $set: { by: 'c' } });
    await b.spaceFor('b').collection<Doc>('docs').updateOne({ _id: 'x' }, { $set: { v: 2 } });
    assert.deepEqual((await b.flush()).redo, new Set());
    assert.deepEqual((await a.flush()).redo, new Set(['a']));
    assert.deepEqual((await c.flush()).redo, new Set(), 'c never looked: its statement, re-run, matches nothing, as it would have on the store');
    assert.deepEqual(await stored('docs'), [{ _id: 'x', v: 2 }]);
  });

  it('a document only read, changed by someone else before the write-back ends, redoes its readers', async () => {
    await space.collection<Doc>('docs').insertMany([{ _id: 'r', v: 1 }, { _id: 'w', v: 1 }]);
    const work = new UnitOfWork(space);
    const view = work.spaceFor('reader').collection<Doc>('docs');
    await view.findOne({ _id: 'r' });
    await view.findOne({ _id: 'absent' });
    await work.spaceFor('writer').collection<Doc>('docs').updateOne({ _id: 'w' }, { $set: { v: 2 } });
    await space.collection<Doc>('docs').updateOne({ _id: 'r' }, { $set: { v: 2, [REVISION_FIELD]: newRevision() } });
    assert.deepEqual((await work.flush()).redo, new Set(['reader']));

    const again = new UnitOfWork(space);
    await again.spaceFor('reader').collection<Doc>('docs').findOne({ _id: 'absent' });
    await space.collection<Doc>('docs').insertOne({ _id: 'absent' });
    assert.deepEqual((await again.flush()).redo, new Set(['reader']), 'known absent, then created');
  });

  it('a fold step reads other documents and names its own from them, in one turn; a read changed meanwhile by someone else redoes its tag', async () => {
    await space.collection<Doc>('types').insertMany([{ _id: 'item', type: 'T' }]);
    const work = new UnitOfWork(space);
    const step = (tag: string) => foldInUnit(work.spaceFor(tag), {
      collection: 'counts',
      reads: [{ collection: 'types', id: 'item' }],
      idsOf: (read) => [`by-${String(read('types', 'item')?.type)}`],
      evolve: (doc, id) => ({ _id: id, n: Number(doc?.n ?? 0) + 1 }),
    });
    await Promise.all([step('a'), step('b')]);
    await space.collection<Doc>('types').updateOne({ _id: 'item' }, { $set: { type: 'U', [REVISION_FIELD]: newRevision() } });
    assert.deepEqual((await work.flush()).redo, new Set(['a', 'b']));
    assert.deepEqual(await stored('counts'), [{ _id: 'by-T', n: 2 }], 'written before the reads were checked: a redone model must tolerate a replay');

    const again = new UnitOfWork(space);
    await foldInUnit(again.spaceFor('a'), { collection: 'counts', reads: [{ collection: 'types', id: 'item' }], idsOf: (read) => [`by-${String(read('types', 'item')?.type)}`], evolve: (doc, id) => ({ _id: id, n: Number(doc?.n ?? 0) + 1 }) });
    assert.deepEqual((await again.flush()).redo, new Set());
    assert.deepEqual(await stored('counts'), [{ _id: 'by-T', n: 2 }, { _id: 'by-U', n: 1 }]);
  });

  it('an outside write that sets a new revision (the sweeper) is not overwritten; deletions by others are seen', async () => {
    await space.collection<Doc>('docs').insertMany([{ _id: 'b', applied: ['e1', 'e2'], n: 1 }, { _id: 'gone', n: 1 }]);
    const work = new UnitOfWork(space);
    const view = work.spaceFor('t').collection<Doc>('docs');
    await view.updateOne({ _id: 'b' }, { $inc: { n: 1 } });
    await view.updateOne({ _id: 'gone' }, { $inc: { n: 1 } }, { upsert: true });
    await space.collection<Doc>('docs').updateOne({ _id: 'b' }, loose({ $pullAll: { applied: ['e1'] }, $set: { [REVISION_FIELD]: newRevision() } }));
    await space.collection<Doc>('docs').deleteOne({ _id: 'gone' });
    assert.deepEqual((await work.flush()).redo, new Set());
    assert.deepEqual(await stored('docs'), [{ _id: 'b', applied: ['e2'], n: 2 }, { _id: 'gone', n: 1 }]);
  });

  it('writes the bookkeeping collection last and not for tags that are redone', async () => {
    await space.collection<Doc>('data').insertOne({ _id: 'shared', v: 1 });
    const work = new UnitOfWork(space, { bookkeeping: 'checkpoints' });
    for (const tag of ['ok', 'clash']) {
      const view = work.spaceFor(tag);
      await view.collection<Doc>('data').findOne({ _id: tag === 'clash' ? 'shared' : 'own' });
      await view.collection<Doc>('data').updateOne({ _id: `${tag}-data` }, { $set: { v: 1 } }, { upsert: true });
      await view.collection<Doc>('checkpoints').updateOne({ _id: tag }, { $set: { version: 1 } }, { upsert: true });
    }
    await space.collection<Doc>('data').updateOne({ _id: 'shared' }, { $set: { v: 2, [REVISION_FIELD]: newRevision() } });
    assert.deepEqual((await work.flush()).redo, new Set(['clash']));
    assert.deepEqual(await stored('checkpoints'), [{ _id: 'ok', version: 1 }]);
    assert.deepEqual((await stored('data')).map((doc) => (doc as Document)._id), ['clash-data', 'ok-data', 'shared'], 'data of a redone tag is written like a crash before its checkpoint');
  });

  it('a cache kept across units of work: no reload of what it wrote, and a copy someone changed meanwhile costs a retry, not a lost write', async () => {
    const cache = new DocumentCache(1000);
    const first = new UnitOfWork(space, { cache });
    await first.spaceFor('t').collection<Doc>('docs').updateOne({ _id: 'a' }, { $inc: { n: 1 } }, { upsert: true });
    await first.flush();
    await space.collection<Doc>('docs').updateOne({ _id: 'a' }, { $inc: { n: 10 }, $set: { [REVISION_FIELD]: newRevision() } });
    const second = new UnitOfWork(space, { cache });
    const view = second.spaceFor('t').collection<Doc>('docs');
    assert.equal((await view.findOne({ _id: 'a' }))?.n, 1, 'served from the cache, stale');
    await view.updateOne({ _id: 'a' }, { $inc: { n: 100 } });
    assert.deepEqual((await second.flush()).redo, new Set(['t']), 'it saw the stale n');
    const third = new UnitOfWork(space, { cache });
    assert.equal((await third.spaceFor('t').collection<Doc>('docs').findOne({ _id: 'a' }))?.n, 11, 'forgotten, so reloaded');
    assert.deepEqual(await stored('docs'), [{ _id: 'a', n: 11 }]);
  });

  it('a complete cache (fresh generation) answers absent without asking the store, until the bound is exceeded', async () => {
    const cache = new DocumentCache(2, true);
    await space.collection<Doc>('docs').insertOne({ _id: 'x' });
    assert.equal(cache.get('c', 'x'), null);
    cache.remember('c', 'a', { _id: 'a' });
    cache.remember('c', 'b', null);
    assert.deepEqual([cache.get('c', 'a'), cache.get('c', 'b'), cache.get('c', 'z')], [{ _id: 'a' }, null, null]);
    cache.remember('c', 'd', { _id: 'd' });
    assert.deepEqual([cache.get('c', 'a'), cache.get('c', 'z')], [undefined, undefined], 'bound exceeded: nothing known any more');
  });
});
