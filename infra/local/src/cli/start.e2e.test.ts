import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLauncher } from '../launcher-process.js';
import { descendantRunning, descendantsOf, isAlive } from '../process-tree.js';
import { services } from '../services.js';
import { waitUntil } from '../wait.js';

/** The gateway shows its metrics and readiness details only to this bearer (docs/security.md). */
const METRICS_TOKEN = 'launcher-test-operations-token-0123456789';
const operator = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };

describe('npm start: the whole local stack', function () {
  it('reaches all-ready, restarts a service killed with SIGKILL (saying why), then stops everything on SIGTERM', async function () {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-launcher-'));
    const launcher = await spawnLauncher(dataDir, { ...process.env, METRICS_TOKEN });
    try {
      await launcher.ready();
      for (const spec of services) {
        const ready = await fetch(`${launcher.urls[spec.name]}/health/ready`, operator);
        const report = await ready.json() as { status: string; checks: Record<string, { status: string }> };
        assert.equal(ready.status, 200, `${spec.name} ready`);
        assert.deepEqual(Object.keys(report.checks).sort(), ['kafka', 'mongodb', 'schemaRegistry']);
        // The gateway's metrics need the operations token; the internal services' the internal token.
        const bearer = spec.name === 'gateway' ? METRICS_TOKEN : launcher.internalAuthToken;
        const metrics = await (await fetch(`${launcher.urls[spec.name]}/metrics`, { headers: { authorization: `Bearer ${bearer}` } })).text();
        assert.match(metrics, new RegExp(`process_cpu_user_seconds_total\\{service="${spec.name}"\\}`));
      }
      // Supervision: the killed service comes back on its own; the stack does not stop.
      const command = services.find((spec) => spec.name === 'command-service')!;
      const victim = descendantRunning(launcher.child.pid!, command.entry);
      assert.ok(victim !== undefined, 'the command service runs under the launcher');
      process.kill(victim, 'SIGKILL');
      await waitUntil('restart announced', async () => /command-service exited unexpectedly \(SIGKILL\).*restarting in/.test(launcher.output()), { timeoutMs: 60_000 });
      await waitUntil('command service ready again', async () => {
        const response = await fetch(`${launcher.urls['command-service']}/health/ready`).catch(() => undefined);
        return response?.ok === true && descendantRunning(launcher.child.pid!, command.entry) !== victim;
      }, { timeoutMs: 90_000, intervalMs: 300 });
      assert.equal(launcher.child.exitCode, null, 'the launcher keeps running');

      const tree = descendantsOf(launcher.child.pid!);
      assert.ok(tree.length >= services.length, `launcher runs the services (${tree.length} processes)`);

      assert.equal(await launcher.stop(), 0, 'launcher exits cleanly');
      await waitUntil('every child process gone', async () => tree.every((pid) => !isAlive(pid)), { timeoutMs: 30_000 });
    } catch (error) {
      process.stderr.write(`launcher output:\n${launcher.output()}\n`);
      throw error;
    } finally {
      for (const pid of descendantsOf(launcher.child.pid!)) process.kill(pid, 'SIGKILL');
      launcher.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
