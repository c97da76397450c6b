import assert from 'node:assert/strict';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { isStoreOutage, withWriteRetry } from './write-retry.js';

const connectionLost = () => new MongoNetworkError('connection 3 to 10.0.0.5:27017 closed');
const noPrimary = () => new MongoServerSelectionError('Server selection timed out after 5000 ms', { type: 'ReplicaSetNoPrimary', servers: new Map(), stale: false, compatible: true, heartbeatFrequencyMS: 10000, localThresholdMS: 15, setName: 'rs0', maxElectionId: null, maxSetVersion: null, commonWireVersion: 0, logicalSessionTimeoutMinutes: null } as never);
const notPrimary = () => new MongoServerError({ code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' });
const duplicateKey = () => new MongoServerError({ code: 11000, codeName: 'DuplicateKey', errmsg: 'E11000 duplicate key' });

/** A write failing with `failures` in turn, then answering `done`; counts its calls. */
function flaky(failures: Error[]) {
  const write = async () => {
    write.calls += 1;
    const failure = failures.shift();
    if (failure) throw failure;
    return 'done';
  };
  write.calls = 0;
  return write;
}

describe('withWriteRetry (the explicit retry DocumentDB needs: retryWrites=false)', () => {
  it('tells store outages from refusals', () => {
    assert.ok(isStoreOutage(connectionLost()) && isStoreOutage(noPrimary()) && isStoreOutage(notPrimary()));
    assert.ok(!isStoreOutage(duplicateKey()) && !isStoreOutage(new Error('bug')));
  });

  it('sends an idempotent write again through an outage, with growing pauses, until it answers', async () => {
    const write = flaky([connectionLost(), notPrimary(), noPrimary()]);
    assert.equal(await withWriteRetry(write, { backoffMs: 1 }), 'done');
    assert.equal(write.calls, 4);
  });

  it('passes a refusal through at once, and the last outage once the attempts are spent', async () => {
    const refused = flaky([duplicateKey()]);
    await assert.rejects(withWriteRetry(refused, { backoffMs: 1 }), /E11000/);
    assert.equal(refused.calls, 1);
    const down = flaky([connectionLost(), connectionLost(), connectionLost()]);
    await assert.rejects(withWriteRetry(down, { backoffMs: 1, attempts: 3 }), MongoNetworkError);
    assert.equal(down.calls, 3);
  });

  it('asks a non-idempotent write whether a lost answer was applied before sending it twice', async () => {
    const applied = flaky([connectionLost()]);
    assert.equal(await withWriteRetry(applied, { backoffMs: 1, applied: async () => 'found applied' }), 'found applied');
    assert.equal(applied.calls, 1);
    const notYet = flaky([connectionLost()]);
    assert.equal(await withWriteRetry(notYet, { backoffMs: 1, applied: async () => undefined }), 'done');
    assert.equal(notYet.calls, 2);
    const unknown = flaky([connectionLost()]);
    await assert.rejects(withWriteRetry(unknown, { backoffMs: 1, applied: async (outage) => { throw outage; } }), MongoNetworkError);
  });

  it('does not ask after an outage that cannot have applied the write (no primary selected, or refused as not primary)', async () => {
    let asked = 0;
    const write = flaky([noPrimary(), notPrimary()]);
    assert.equal(await withWriteRetry(write, { backoffMs: 1, applied: async () => { asked += 1; return 'wrong'; } }), 'done');
    assert.equal(asked, 0);
  });
});
