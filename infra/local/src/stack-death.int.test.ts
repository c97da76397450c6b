import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';
import { startLocalInfra, type LocalInfra } from './stack.js';

describe('a component that dies during a run', () => {
  let dataDir: string;
  let infra: LocalInfra;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-death-'));
    // Only the document store is started (the other addresses are "external"), which keeps this quick.
    const ports = { kafka: 0, kafkaController: 0, registry: 0, registryManagement: 0, mongo: await freePort() };
    infra = await startLocalInfra({ dataDir, ports, external: { kafkaBrokers: '127.0.0.1:1', schemaRegistryUrl: 'http://127.0.0.1:1' } });
  });

  after(async () => {
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is reported by name, with how it died and the tail of its log, not as ECONNREFUSED', async () => {
    assert.doesNotThrow(() => infra.assertAlive());
    process.kill(infra.docStore!.pid!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const error = (() => { try { infra.assertAlive(); return undefined; } catch (caught) { return caught as Error; } })();
    assert.ok(error, 'a dead component is reported');
    assert.match(error.message, /document-store \(pid \d+\) died \(signal SIGKILL\)/);
    assert.match(error.message, /last lines of .*document-store\.log:\n/);
    const logLines = error.message.split('document-store.log:\n')[1]!.split('\n');
    assert.ok(logLines.length >= 2 && logLines.every((line) => line.length > 0), error.message);
  });

  it('a component stopped on purpose is not reported', async () => {
    await infra.docStore!.start();
    await infra.docStore!.stop();
    assert.doesNotThrow(() => infra.assertAlive());
  });
});
