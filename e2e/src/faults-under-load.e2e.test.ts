import assert from 'node:assert/strict';
import { useInfra, useStack } from '@inventory/testkit';
import { runFaultRun } from './faults/fault-run.js';

/**
 * The short fault run (the full one is `npm run bench -- faults`): concurrent clients stream moves,
 * assignments and registrations through the gateway while the command service is killed with
 * SIGKILL, and later all four services at once. `npm start`'s supervisor restarts them (saying why),
 * the stream continues, and afterwards nothing the clients saw accepted is lost or doubled.
 */
describe('faults under load: kill -9 of services during a stream of commands', function () {
  it('the supervisor restarts each killed service, the stream continues, and every accepted command is in history and on the stream exactly once', async function () {
    this.timeout(1_200_000);
    const launcher = await useStack();
    const infra = await useInfra();
    const result = await runFaultRun(launcher, infra, {
      clients: 4, commandsPerClient: 25, seed: Number(process.env.INVENTORY_FAULT_SEED ?? 16),
      faults: [{ at: 0.2, kill: ['command-service'] }, { at: 0.6, kill: ['command-service', 'query-service', 'reporting-worker', 'gateway'] }],
    });
    assert.match(launcher.output(), /command-service exited unexpectedly \(SIGKILL\).*restarting in/, 'the supervisor says why it restarts');
    assert.match(launcher.output(), /gateway exited unexpectedly \(SIGKILL\).*restarting in/);
    assert.deepEqual(result.verdict.findings, [], `findings after ${result.commands} commands`);
    assert.equal(result.verdict.unanswered, 0, 'every command was answered within its retry window');
    assert.equal(result.verdict.accepted, result.commands, 'every command of the clients was accepted');
  });
});
