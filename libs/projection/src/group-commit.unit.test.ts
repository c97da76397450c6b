import assert from 'node:assert/strict';
import type { EventApplier, SourcedMessage } from './applier.js';
import { GroupCommit } from './group-commit.js';

const message = (offset: string): SourcedMessage => ({ message: { offset } as SourcedMessage['message'], source: { topic: 't', partition: 0, offset } });

describe('GroupCommit', () => {
  it('applies chunks handed over together, and those that arrive meanwhile, each group in one call, one call at a time', async () => {
    const calls: string[][] = [];
    let running = 0;
    const applier = {
      applyChunk: async (messages: readonly SourcedMessage[]) => {
        assert.equal(running++, 0, 'never two at once');
        calls.push(messages.map((m) => m.source.offset));
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return [];
      },
    } as unknown as EventApplier;
    const group = new GroupCommit(applier);
    const heartbeat = async () => undefined;
    const first = [group.apply([message('1')], heartbeat), group.apply([message('2'), message('3')], heartbeat)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [group.apply([message('4')], heartbeat), group.apply([message('5')], heartbeat)];
    await Promise.all([...first, ...later]);
    assert.deepEqual(calls, [['1', '2', '3'], ['4', '5']]);
  });

  it('fails every chunk of a group whose unit of work failed, and goes on with the next group', async () => {
    let call = 0;
    const applier = { applyChunk: async () => (call++ === 0 ? Promise.reject(new Error('store down')) : []) } as unknown as EventApplier;
    const group = new GroupCommit(applier);
    const heartbeat = async () => undefined;
    const failed = await Promise.allSettled([group.apply([message('1')], heartbeat), group.apply([message('2')], heartbeat)]);
    assert.deepEqual(failed.map((result) => result.status), ['rejected', 'rejected']);
    await group.apply([message('3')], heartbeat);
  });
});
