import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../ports.js';
import { descendantsOf, isAlive } from '../process-tree.js';
import { repoRoot } from '../paths.js';
import { services } from '../services.js';
import { waitUntil } from '../wait.js';

describe('npm start: the whole local stack', function () {
  it('reaches all-ready with infrastructure and four services, then stops everything on SIGTERM', async function () {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-launcher-'));
    const ports = await Promise.all(Array.from({ length: 9 }, () => freePort()));
    const [kafka, controller, registry, registryManagement, mongo, ...servicePorts] = ports;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      INVENTORY_DATA_DIR: dataDir,
      KAFKA_PORT: String(kafka), KAFKA_CONTROLLER_PORT: String(controller), SCHEMA_REGISTRY_PORT: String(registry), SCHEMA_REGISTRY_MANAGEMENT_PORT: String(registryManagement), MONGODB_PORT: String(mongo),
      ...Object.fromEntries(services.map((spec, index) => [spec.portVariable, String(servicePorts[index])])),
    };
    const launcher = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(repoRoot, 'infra/local/src/cli/start.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    launcher.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const launcherExit = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));

    try {
      await waitUntil('launcher all-ready line', async () => output.includes('all ready in'), { timeoutMs: 240_000, isAlive: () => launcher.exitCode === null });
      for (const [index, spec] of services.entries()) {
        const ready = await fetch(`http://127.0.0.1:${servicePorts[index]}/health/ready`);
        const report = await ready.json() as { status: string; checks: Record<string, { status: string }> };
        assert.equal(ready.status, 200, `${spec.name} ready`);
        assert.deepEqual(Object.keys(report.checks).sort(), ['kafka', 'mongodb', 'schemaRegistry']);
        const metrics = await (await fetch(`http://127.0.0.1:${servicePorts[index]}/metrics`)).text();
        assert.match(metrics, new RegExp(`process_cpu_user_seconds_total\\{service="${spec.name}"\\}`));
      }
      const tree = descendantsOf(launcher.pid!);
      assert.ok(tree.length >= 7, `launcher runs infrastructure and services (${tree.length} processes)`);

      launcher.kill('SIGTERM');
      assert.equal(await launcherExit, 0, 'launcher exits cleanly');
      await waitUntil('every child process gone', async () => tree.every((pid) => !isAlive(pid)), { timeoutMs: 30_000 });
    } catch (error) {
      process.stderr.write(`launcher output:\n${output}\n`);
      throw error;
    } finally {
      if (launcher.exitCode === null) launcher.kill('SIGKILL');
      for (const pid of descendantsOf(launcher.pid!)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
