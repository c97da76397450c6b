import assert from 'node:assert/strict';
import { whileLeadersSettle } from './topics.js';

describe('whileLeadersSettle', () => {
  const failing = (errors: Error[]) => async () => {
    const error = errors.shift();
    if (error) throw error;
    return 'answered';
  };
  const retriable = () => Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true });

  it('asks again while the broker answers with a passing error, then returns the answer', async () => {
    assert.equal(await whileLeadersSettle(failing([retriable(), retriable()])), 'answered');
  });

  it('throws a lasting error at once, and a passing one after its attempts', async () => {
    const calls: number[] = [];
    const lasting = Object.assign(new Error('topic authorization failed'), { retriable: false });
    await assert.rejects(whileLeadersSettle(async () => { calls.push(1); throw lasting; }), lasting);
    assert.equal(calls.length, 1);
    await assert.rejects(whileLeadersSettle(failing([retriable(), retriable(), retriable()]), 2), /not the leader/);
  });
});
