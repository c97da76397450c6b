import assert from 'node:assert/strict';
import type { UserDocument } from './user-store.js';
import { RecentUsers } from './recent-users.js';

const user = (tokenVersion: number) => ({ _id: 'u1', tokenVersion } as UserDocument);

describe('recent users (authentication cache)', function () {
  it('reuses a read within the bound and reads again after it', async function () {
    let reads = 0;
    const load = async () => user(reads++);
    const longLived = new RecentUsers<UserDocument>(60_000);
    await longLived.get('u1', load);
    await longLived.get('u1', load);
    assert.equal(reads, 1);
    const shortLived = new RecentUsers<UserDocument>(20);
    await shortLived.get('u1', load);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal((await shortLived.get('u1', load))?.tokenVersion, 2);
  });

  it('after forget, not even a read that was already under way is reused', async function () {
    const recent = new RecentUsers<UserDocument>(60_000);
    let finishOld!: (value: UserDocument) => void;
    const old = recent.get('u1', () => new Promise((resolve) => { finishOld = resolve; }));
    recent.forget('u1');
    const fresh = recent.get('u1', async () => user(7));
    finishOld(user(0));
    await old;
    assert.equal((await fresh)?.tokenVersion, 7);
    assert.equal((await recent.get('u1', async () => user(9)))?.tokenVersion, 7);
  });
});
