import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { HEADERS, ProblemError } from '@inventory/contracts';
import { movedItem, moveItem, type Moved } from '../moves/handler.js';
import { moveAnswer } from '../moves/route.js';
import { CommitWindowClosed, type Committed } from '../store/command-mark.js';
import type { CommandStore } from '../store/store.js';
import { seedWarehouse, useTestService } from '../testing/service.js';
import { HolderLease } from './holder-lease.js';
import { IdempotencyKeys, type StoredResponse } from './idempotency.js';

// Windows short enough for a test, long enough for a move on a busy machine (300 ms was not, at load 40).
const TIMES = { ttlMs: 600_000, commitWindowMs: 1500, takeoverMs: 3000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);

/** Issue 15.5: an Idempotency-Key whose first request died mid-command is taken over after a bounded time, and the retry learns whether it committed. */
describe('Idempotency-Key takeover (real store)', function () {
  this.timeout(60_000);
  const suite = useTestService();
  let keys: IdempotencyKeys;
  let store: CommandStore;

  before(() => {
    keys = new IdempotencyKeys(suite.service.running.context.mongo.db, TIMES);
    store = { model: suite.model, wake: () => undefined };
  });

  /** An item at `from`, a request body that moves it to `to`, and the attempt (a route's execute) that does it. */
  const scene = async () => {
    const { locationIds: [from, to], itemIds: [itemId] } = await seedWarehouse(suite.service);
    const command = { itemId: itemId!, toLocationId: to!, reason: null };
    const context = { actorId: 'tester', correlationId: randomUUID() };
    const item = async () => (await suite.model.items.findOne({ _id: itemId! }))!;
    return { from: from!, to: to!, command, key: `key-${randomUUID()}`, item, context };
  };
  const refusal = (error: unknown) => (error instanceof ProblemError ? error.code : String(error));
  const runAgain = (key: string, command: object, execute: () => Promise<StoredResponse>, via = keys) => via.run('tester', key, command, execute).catch(refusal);
  /** The move route's answer (built right before the commit and written with it), kept to compare with what a retry replays. */
  const answering = () => {
    const built: StoredResponse[] = [];
    const answerOf = (committed: Committed): StoredResponse => {
      built.push({ status: 201, body: moveAnswer(committed as Moved) });
      return built.at(-1)!;
    };
    return { built, answerOf };
  };
  /** A first attempt (with the route's request and answer, when given) that commits its move, then dies before it stores the answer. */
  const diedAfterCommit = async (key: string, request: object, { command, context }: Awaited<ReturnType<typeof scene>>, answerOf?: (committed: Committed) => StoredResponse, via = keys) => {
    let committed!: () => void;
    const moved = new Promise<void>((resolve) => { committed = resolve; });
    void via.run('tester', key, request, async (mark) => {
      await movedItem(store, command, { ...context, mark });
      committed();
      return never();
    }, answerOf);
    await moved;
  };

  it('a first request that died after committing: retries wait, then get the answer it wrote with its commit, and the command runs once', async () => {
    const scenery = await scene();
    const { to, command, key, item } = scenery;
    const { built, answerOf } = answering();
    await diedAfterCommit(key, command, scenery, answerOf);
    assert.equal(built.length, 1, 'the answer was built once, for the commit');
    const during = await item();
    assert.equal(during.commandAnswers?.length, 1, 'the answer is written with the commit');
    const unexpected = async (): Promise<StoredResponse> => assert.fail('the command must not run again');
    assert.equal(await runAgain(key, command, unexpected), 'CONCURRENT_MODIFICATION', 'while the first may still be running');
    await sleep(TIMES.takeoverMs + 50);
    const replayed = await runAgain(key, command, unexpected) as StoredResponse;
    assert.deepEqual(replayed, built[0], 'the original answer: status, move and consistency token');
    assert.deepEqual(await runAgain(key, command, unexpected), replayed, 'later retries get the same answer');
    const after = await item();
    assert.deepEqual([after.locationId, after.version, after.commandMarks, after.commandAnswers], [to, 2, [], []], 'moved once; mark and answer dropped once answered');
  });

  it('a first request of many commits (no answer with them) that died after committing: retries learn it committed, and the command runs once', async () => {
    const scenery = await scene();
    const { to, command, key, item } = scenery;
    await diedAfterCommit(key, command, scenery);
    const unexpected = async (): Promise<StoredResponse> => assert.fail('the command must not run again');
    assert.equal(await runAgain(key, command, unexpected), 'CONCURRENT_MODIFICATION', 'while the first may still be running');
    await sleep(TIMES.takeoverMs + 50);
    const learned = await runAgain(key, command, unexpected) as StoredResponse;
    assert.equal(learned.status, 409);
    assert.equal((learned.body as { code: string }).code, 'IDEMPOTENCY_KEY_COMMITTED');
    assert.deepEqual(await runAgain(key, command, unexpected), learned, 'later retries get the same answer');
    const after = await item();
    assert.deepEqual([after.locationId, after.version, after.commandMarks], [to, 2, []], 'moved once; the mark is dropped once answered');
  });

  it('a first request that died before committing: the retry takes over and runs it, and the first can no longer commit', async () => {
    const { from, to, command, key, item, context } = await scene();
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => { wake = resolve; });
    const first = keys.run('tester', key, command, async (mark) => {
      await woken; // stalled (a long GC pause, a hung call) past its commit window
      await moveItem(store, command, { ...context, mark });
      return { status: 201, body: { late: true } };
    });
    await sleep(TIMES.takeoverMs + 50);
    const retried = await keys.run('tester', key, command, async (mark) => {
      const event = await moveItem(store, command, { ...context, mark });
      return { status: 201, body: { eventId: event.metadata.eventId } };
    });
    assert.equal(retried.status, 201);
    // Back to where it started, so the late first attempt has a move to commit.
    await moveItem(store, { ...command, toLocationId: from }, context);
    wake();
    await assert.rejects(first, CommitWindowClosed);
    assert.deepEqual(await runAgain(key, command, async () => assert.fail('answered already')), retried, "the late first attempt's failure does not undo the takeover");
    const after = await item();
    assert.deepEqual([after.locationId, after.version, after.commandMarks], [from, 3, []], `moved to ${to} once, and back`);
  });

  it('answered requests leave no mark behind, so a document does not grow with its commands', async () => {
    const { command, key, item, context } = await scene();
    const { answerOf } = answering();
    const answered = await keys.run('tester', key, command, async (mark) => ({ status: 201, body: moveAnswer(await movedItem(store, command, { ...context, mark })) }), answerOf);
    assert.equal(answered.status, 201);
    const after = await item();
    assert.deepEqual([after.commandMarks ?? [], after.commandAnswers ?? []], [[], []]);
  });

  it('through the API: the retry of a request that died after committing answers what the first would have (status, body, Consistency-Token)', async () => {
    const scenery = await scene();
    const { command, key, item } = scenery;
    const { built, answerOf } = answering();
    const body = { itemId: command.itemId, toLocationId: command.toLocationId };
    // The first request as the route runs it (same request hash and answer), dying after its commit.
    await diedAfterCommit(key, { method: 'POST', path: '/api/v1/moves', body }, scenery, answerOf);
    const records = suite.service.running.context.mongo.db.collection('idempotencyKeys');
    await records.updateOne({ _id: `tester:${key}` as never }, { $set: { claimedAt: new Date(Date.now() - 61_000) } }); // the service takes over after 60 s
    const retried = await suite.service.call('POST', '/api/v1/moves', body, { 'idempotency-key': key });
    const original = built[0]!.body as { consistencyToken: string };
    assert.deepEqual([retried.status, retried.body], [201, original]);
    assert.equal(retried.headers.get(HEADERS.consistencyToken), original.consistencyToken);
    assert.equal((await item()).version, 2, 'moved once');
  });
  describe('holder leases: a process killed or restarted', () => {
    const db = () => suite.service.running.context.mongo.db;
    // Taken over by time only after 10 minutes: within these tests, only a lapsed lease lets a retry in.
    const SLOW = { ttlMs: 600_000, commitWindowMs: 600_000, takeoverMs: 600_000 };
    // Long enough that a busy machine's slow renewal does not lapse a living process.
    const LEASE = { leaseMs: 10_000, renewMs: 500, graceMs: 2000 };
    const unexpected = async (): Promise<StoredResponse> => assert.fail('the command must not run again');

    it('a renewed lease is alive until it lapses; its keys may be taken over once it lapsed plus the grace, never by itself', async () => {
      const times = { leaseMs: 10_000, renewMs: 60_000, graceMs: 5000 };
      const lease = new HolderLease(db(), times);
      const other = new HolderLease(db(), times);
      const from = Date.now();
      await lease.renew();
      assert.ok(lease.alive(from + 9000) && !lease.alive(Date.now() + 10_001));
      assert.equal(await other.lapsed(lease.id, from + 14_000), false, 'within lease and grace');
      assert.equal(await other.lapsed(lease.id, Date.now() + 15_001), true, 'past lease and grace');
      assert.equal(await lease.lapsed(lease.id, Date.now() + 60_000), false, 'its own attempts may still run');
      assert.equal(await other.lapsed(randomUUID()), true, 'a holder that never had a lease here');
      assert.equal(await other.lapsed(undefined), false, 'a record from before leases waits for the takeover time');
    });

    it('a first request whose process died after committing: a retry from another process gets its answer once the lease lapsed, long before the takeover time', async function () {
      this.timeout(180_000);
      const dead = new HolderLease(db(), LEASE);
      const living = new HolderLease(db(), LEASE);
      await Promise.all([dead.start(() => undefined), living.start(() => undefined)]);
      try {
        const scenery = await scene();
        const { command, key, item } = scenery;
        const { built, answerOf } = answering();
        const retrying = new IdempotencyKeys(db(), SLOW, living);
        await diedAfterCommit(key, command, scenery, answerOf, new IdempotencyKeys(db(), SLOW, dead));
        dead.stop(); // kill -9: no renewal any more
        const stopped = Date.now();
        let answer = await runAgain(key, command, unexpected, retrying);
        assert.equal(answer, 'CONCURRENT_MODIFICATION', 'while its lease holds');
        while (answer === 'CONCURRENT_MODIFICATION' && Date.now() - stopped < 120_000) {
          await sleep(250);
          answer = await runAgain(key, command, unexpected, retrying);
        }
        assert.deepEqual(answer, built[0], 'the original answer, within two minutes of the death (takeover by time: ten)');
        assert.equal((await item()).version, 2, 'moved once');
      } finally {
        dead.stop();
        living.stop();
      }
    });

    it('an attempt of a process whose lease lapsed commits nothing', async () => {
      const lease = new HolderLease(db(), { leaseMs: 1, renewMs: 60_000, graceMs: 0 });
      await lease.renew();
      await sleep(5);
      assert.equal(lease.alive(), false);
      const { command, key, item, context } = await scene();
      const lapsed = new IdempotencyKeys(db(), SLOW, lease);
      await assert.rejects(lapsed.run('tester', key, command, async (mark) => ({ status: 201, body: moveAnswer(await movedItem(store, command, { ...context, mark })) })), CommitWindowClosed);
      assert.equal((await item()).version, 1, 'not moved');
    });
  });
});
