import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useInfra } from '@inventory/testkit';
import { MongoClient, type Db, type Document } from 'mongodb';
import type { FoldDocuments } from '../fold-documents.js';
import { ReadModelSpace } from '../read-models.js';
import { CHECKPOINT_FIELD, type HostedCheckpoint } from './checkpoint-records.js';
import { newRevision } from './collection-buffer.js';
import { DocumentCache } from './document-cache.js';
import { REVISION_FIELD } from './stored-document.js';
import { UnitOfWork, advanceCheckpoint, appliedVersion, foldDocuments, foldInUnit } from './unit-of-work.js';
import { metadataOf } from '../testing/index.js';

type Doc = Document & { _id: string };

const withoutRevision = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutRevision);
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const { [REVISION_FIELD]: _revision, ...rest } = value as Document;
  return rest;
};

/** A single-document step (rerunnable on a fresh copy): adds `by` to the document's n, keeping its other fields. */
const count = (work: UnitOfWork, tag: string, collection: string, id: string, by: number) =>
  foldInUnit(work.spaceFor(tag), { collection, reads: [], idsOf: () => [id], evolve: (doc, docId) => ({ ...doc, _id: docId, n: Number(doc?.n ?? 0) + by }) });

/** A fold across documents (what a FoldModel's evolve is run as). */
const across = (work: UnitOfWork, tag: string, fold: (documents: FoldDocuments) => void) => foldDocuments(work.spaceFor(tag), fold);

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

  it('serves documents to models only: a statement would bypass it', () => {
    assert.throws(() => new UnitOfWork(space).spaceFor('t').collection('docs'), /not statements/);
  });

  it('loads asked for in one turn coalesce into one query per collection, and a document is loaded once', async () => {
    await space.collection<Doc>('docs').insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
    const monitored = await MongoClient.connect(env.MONGODB_URI, { monitorCommands: true });
    let queries = 0;
    monitored.on('commandStarted', (event) => void (event.commandName === 'find' && (queries += 1)));
    try {
      const work = new UnitOfWork(new ReadModelSpace(monitored.db(db.databaseName), 'uow', 1));
      let [b, c]: unknown[] = [];
      await Promise.all([
        across(work, 'r', (documents) => void (b = documents.get('docs', 'b'))),
        across(work, 'r', (documents) => void (c = documents.get('docs', 'c'))),
        count(work, 'w', 'docs', 'a', 1),
      ]);
      assert.deepEqual([b, c].map(withoutRevision), [{ _id: 'b', n: 2 }, null]);
      assert.equal(queries, 1);
      let after: unknown[] = [];
      await across(work, 'r', (documents) => void (after = [documents.get('docs', 'a'), documents.get('docs', 'c')]));
      assert.deepEqual(after.map(withoutRevision), [{ _id: 'a', n: 2 }, null], 'its own write; known absent');
      assert.equal(queries, 1);
    } finally {
      await monitored.close();
    }
    assert.deepEqual(withoutRevision(await space.collection<Doc>('docs').findOne({ _id: 'a' })), { _id: 'a', n: 1 }, 'nothing written before the flush');
  });

  it('two writers on one document: the later write-back runs its single-document steps again on the fresh copy', async () => {
    const [a, b] = [new UnitOfWork(space), new UnitOfWork(space)];
    await count(a, 'a', 'counts', 'L', 1);
    await count(b, 'b', 'counts', 'L', 10);
    assert.deepEqual((await b.flush()).redo, new Set());
    assert.deepEqual((await a.flush()).redo, new Set(), 'an insert that lost the race becomes a replacement of the fresh copy');
    assert.deepEqual(await stored('counts'), [{ _id: 'L', n: 11 }]);
  });

  it('a fold across documents whose write-back clashes is not written, and every tag that touched the document is redone', async () => {
    await space.collection<Doc>('items').insertOne({ _id: 'i', placement: 1, locationId: 'L' });
    const [a, b] = [new UnitOfWork(space), new UnitOfWork(space)];
    await across(a, 'a', (documents) => {
      const item = documents.get<Doc>('items', 'i')!;
      documents.put('items', 'i', { ...item, locationId: 'M', placement: Number(item.placement) + 1 });
      documents.put('contents', `M|${item.placement}`, { _id: `M|${item.placement}` });
    });
    await count(a, 'a2', 'items', 'i', 1);
    await count(b, 'b', 'items', 'i', 5);
    assert.deepEqual((await b.flush()).redo, new Set());
    assert.deepEqual((await a.flush()).redo, new Set(['a', 'a2']));
    assert.deepEqual(await stored('items'), [{ _id: 'i', placement: 1, locationId: 'L', n: 5 }]);
  });

  it('a document only read, changed by someone else before the write-back ends, redoes its readers', async () => {
    await space.collection<Doc>('docs').insertMany([{ _id: 'r', v: 1 }, { _id: 'w', v: 1 }]);
    const work = new UnitOfWork(space);
    await across(work, 'reader', (documents) => {
      documents.load('docs', ['r', 'absent']);
      documents.get('docs', 'r');
      documents.get('docs', 'absent');
    });
    await count(work, 'writer', 'docs', 'w', 1);
    await space.collection<Doc>('docs').updateOne({ _id: 'r' }, { $set: { v: 2, [REVISION_FIELD]: newRevision() } });
    assert.deepEqual((await work.flush()).redo, new Set(['reader']));

    const again = new UnitOfWork(space);
    await across(again, 'reader', (documents) => void documents.get('docs', 'absent'));
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
    await count(work, 't', 'docs', 'b', 1);
    await count(work, 't', 'docs', 'gone', 1);
    await space.collection<Doc>('docs').updateOne({ _id: 'b' }, { $pullAll: { applied: ['e1'] }, $set: { [REVISION_FIELD]: newRevision() } } as Document);
    await space.collection<Doc>('docs').deleteOne({ _id: 'gone' });
    assert.deepEqual((await work.flush()).redo, new Set());
    assert.deepEqual(await stored('docs'), [{ _id: 'b', applied: ['e2'], n: 2 }, { _id: 'gone', n: 1 }]);
  });

  it('writes the checkpoints collection last and not for tags that are redone', async () => {
    await space.collection<Doc>('data').insertOne({ _id: 'shared', v: 1 });
    const work = new UnitOfWork(space, { checkpoints: { collection: 'checkpoints' } });
    for (const tag of ['ok', 'clash']) {
      await across(work, tag, (documents) => {
        documents.load('data', [tag === 'clash' ? 'shared' : 'own', `${tag}-data`]);
        documents.get('data', tag === 'clash' ? 'shared' : 'own');
        documents.put('data', `${tag}-data`, { _id: `${tag}-data`, v: 1 });
      });
      advanceCheckpoint(work.spaceFor(tag), metadataOf(tag, 1));
    }
    await space.collection<Doc>('data').updateOne({ _id: 'shared' }, { $set: { v: 2, [REVISION_FIELD]: newRevision() } });
    assert.deepEqual((await work.flush()).redo, new Set(['clash']));
    assert.deepEqual((await stored('checkpoints')).map((doc) => [(doc as Doc)._id, (doc as Doc).version]), [['ok', 1]]);
    assert.deepEqual((await stored('data')).map((doc) => (doc as Document)._id), ['clash-data', 'ok-data', 'shared'], 'data of a redone tag is written like a crash before its checkpoint');
  });

  describe('checkpoints hosted in the aggregate\'s document (checkpointHost)', () => {
    const placement = { checkpoints: { collection: 'checkpoints', host: 'items' } };
    const hosted = (doc: unknown) => (doc as Doc | null)?.[CHECKPOINT_FIELD] as HostedCheckpoint | undefined;

    /** What the runner does for one event of `id`'s aggregate: read the applied version, fold, advance. */
    const applied = async (work: UnitOfWork, id: string, version: number, fold: (documents: FoldDocuments) => void): Promise<number> => {
      const before = await appliedVersion(work.spaceFor(id), id);
      await across(work, id, fold);
      advanceCheckpoint(work.spaceFor(id), metadataOf(id, version));
      return before;
    };
    const moveTo = (id: string, at: string) => (documents: FoldDocuments) => documents.put('items', id, { _id: id, at });

    it('an event that touched only its own host document keeps its checkpoint there: no checkpoints document is written', async () => {
      const work = new UnitOfWork(space, placement);
      assert.equal(await applied(work, 'a', 1, moveTo('a', 'L')), 0);
      assert.equal(await applied(work, 'a', 2, moveTo('a', 'M')), 1, 'what the unit applied counts before it is written');
      assert.deepEqual(await work.flush(), { redo: new Set(), failed: new Map() });
      assert.deepEqual((await stored('items')).map((doc) => [(doc as Doc).at, hosted(doc)]), [['M', 2]]);
      assert.deepEqual(await stored('checkpoints'), []);
      assert.equal(await appliedVersion(new UnitOfWork(space, placement).spaceFor('a'), 'a'), 2, 'read back from the host');
    });

    it('an event that touched another aggregate\'s host document (a parent\'s move of its child) keeps its checkpoint in the checkpoints collection', async () => {
      const work = new UnitOfWork(space, placement);
      await applied(work, 'parent', 1, (documents) => {
        documents.put('items', 'parent', { _id: 'parent', at: 'M' });
        documents.put('items', 'child', { _id: 'child', at: 'M' });
      });
      await applied(work, 'child', 1, moveTo('child', 'N'));
      assert.deepEqual((await work.flush()).redo, new Set());
      assert.deepEqual((await stored('items')).map((doc) => [(doc as Doc)._id, hosted(doc)]), [['child', 1], ['parent', undefined]]);
      assert.deepEqual((await stored('checkpoints')).map((doc) => [(doc as Doc)._id, (doc as Doc).version]), [['parent', 1]]);
      assert.equal(await appliedVersion(new UnitOfWork(space, placement).spaceFor('parent'), 'parent'), 1, 'read back from the checkpoints collection');
    });

    it('a host document the event left absent cannot carry its checkpoint', async () => {
      const work = new UnitOfWork(space, placement);
      await applied(work, 'unknown', 1, (documents) => void documents.get('items', 'unknown'));
      assert.deepEqual((await work.flush()).redo, new Set());
      assert.deepEqual(await stored('items'), []);
      assert.deepEqual((await stored('checkpoints')).map((doc) => (doc as Doc)._id), ['unknown']);
    });

    it('a stage-1 document the store refuses: the host document is not written (its replay would see the event as done), and the event applies again', async () => {
      const work = new UnitOfWork(space, placement);
      await applied(work, 'a', 1, (documents) => {
        documents.put('items', 'a', { _id: 'a', at: 'L' });
        documents.put('big', 'a', { _id: 'a', padding: 'x'.repeat(17 * 2 ** 20) });
      });
      const { failed } = await work.flush();
      assert.deepEqual([...failed.keys()], ['a']);
      assert.deepEqual(await stored('items'), [], 'withheld with the tag');
      assert.deepEqual(await stored('checkpoints'), []);
      const redelivered = new UnitOfWork(space, placement);
      assert.equal(await applied(redelivered, 'a', 1, moveTo('a', 'L')), 0, 'not applied yet: applied again');
      assert.deepEqual((await redelivered.flush()).failed, new Map());
      assert.deepEqual((await stored('items')).map(hosted), [1]);
    });

    it('a stage-1 document that clashes: the tag\'s host documents are not written, and every tag that touched them is redone too', async () => {
      await space.collection<Doc>('data').insertOne({ _id: 'parent-data', n: 0 });
      const work = new UnitOfWork(space, placement);
      await applied(work, 'parent', 1, (documents) => {
        documents.put('items', 'parent', { _id: 'parent', at: 'M' });
        documents.put('items', 'child', { _id: 'child', at: 'M' });
        documents.load('data', ['parent-data']);
        documents.put('data', 'parent-data', { ...documents.get<Doc>('data', 'parent-data')!, n: 1 });
      });
      await applied(work, 'child', 1, (documents) => void documents.put('items', 'child', { ...documents.get<Doc>('items', 'child')!, seen: true }));
      await applied(work, 'other', 1, moveTo('other', 'N'));
      await space.collection<Doc>('data').updateOne({ _id: 'parent-data' }, { $set: { by: 'someone else', [REVISION_FIELD]: newRevision() } });
      assert.deepEqual((await work.flush()).redo, new Set(['parent', 'child']), 'the child wrote on the parent\'s withheld copy of its document');
      assert.deepEqual((await stored('items')).map((doc) => [(doc as Doc)._id, hosted(doc)]), [['other', 1]], 'only the tag that touched neither is written, with its checkpoint');
      assert.deepEqual(await stored('checkpoints'), []);
    });

    it('a host document that clashes withholds every checkpoint resting on it: its own (hosted) and a parent\'s (separate)', async () => {
      await space.collection<Doc>('items').insertMany([{ _id: 'parent', at: 'L' }, { _id: 'child', at: 'L' }]);
      const work = new UnitOfWork(space, placement);
      await applied(work, 'parent', 1, (documents) => {
        documents.load('items', ['parent', 'child']);
        documents.put('items', 'parent', { ...documents.get<Doc>('items', 'parent')!, at: 'M' });
        documents.put('items', 'child', { ...documents.get<Doc>('items', 'child')!, at: 'M' });
      });
      await applied(work, 'child', 1, (documents) => void documents.put('items', 'child', { ...documents.get<Doc>('items', 'child')!, seen: true }));
      await space.collection<Doc>('items').updateOne({ _id: 'child' }, { $set: { by: 'someone else', [REVISION_FIELD]: newRevision() } });
      assert.deepEqual((await work.flush()).redo, new Set(['parent', 'child']));
      assert.deepEqual(await stored('checkpoints'), [], 'the parent\'s checkpoint waited for the host collection');
      assert.deepEqual((await stored('items')).map((doc) => [(doc as Doc)._id, (doc as Doc).at, hosted(doc)]), [['child', 'L', undefined], ['parent', 'M', undefined]]);
    });

    it('a model that builds the host document from scratch keeps its checkpoint; one that deletes it fails', async () => {
      const first = new UnitOfWork(space, placement);
      await applied(first, 'a', 1, moveTo('a', 'L'));
      await first.flush();
      const second = new UnitOfWork(space, placement);
      await across(second, 'parent', (documents) => documents.put('items', 'a', { _id: 'a', at: 'carried' }));
      await second.flush();
      assert.deepEqual((await stored('items')).map((doc) => [(doc as Doc).at, hosted(doc)]), [['carried', 1]]);
      await assert.rejects(across(new UnitOfWork(space, placement), 'a', (documents) => documents.put('items', 'a', null)), /cannot be deleted/);
    });
  });

  it('a cache kept across units of work: no reload of what it wrote, and a copy someone changed meanwhile costs a retry, not a lost write', async () => {
    const cache = new DocumentCache(1000);
    const first = new UnitOfWork(space, { cache });
    await count(first, 't', 'docs', 'a', 1);
    await first.flush();
    await space.collection<Doc>('docs').updateOne({ _id: 'a' }, { $inc: { n: 10 }, $set: { [REVISION_FIELD]: newRevision() } });
    const second = new UnitOfWork(space, { cache });
    await across(second, 't', (documents) => {
      const doc = documents.get<Doc>('docs', 'a')!;
      assert.equal(doc.n, 1, 'served from the cache, stale');
      documents.put('docs', 'a', { ...doc, n: Number(doc.n) + 100 });
    });
    assert.deepEqual((await second.flush()).redo, new Set(['t']), 'it saw the stale n');
    const third = new UnitOfWork(space, { cache });
    await across(third, 't', (documents) => assert.equal(documents.get<Doc>('docs', 'a')?.n, 11, 'forgotten, so reloaded'));
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
