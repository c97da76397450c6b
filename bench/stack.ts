/** Stack start-up: time from `npm start` to all services ready, on a fresh data folder (cold) and again on it (warm). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, services, waitUntil, ensureDocStore, ensureKafka, ensureRegistry } from '@inventory/local-infra';

export const title = 'Stack start-up';

async function timeToAllReady(dataDir: string): Promise<number> {
  const ports = await Promise.all(Array.from({ length: 9 }, () => freePort()));
  const [kafka, controller, registry, management, mongo, ...servicePorts] = ports;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INVENTORY_DATA_DIR: dataDir,
    KAFKA_PORT: String(kafka), KAFKA_CONTROLLER_PORT: String(controller), SCHEMA_REGISTRY_PORT: String(registry),
    SCHEMA_REGISTRY_MANAGEMENT_PORT: String(management), MONGODB_PORT: String(mongo),
    ...Object.fromEntries(services.map((spec, index) => [spec.portVariable, String(servicePorts[index])])),
  };
  for (const name of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI']) delete env[name];
  const started = performance.now();
  const launcher = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(repoRoot, 'infra/local/src/cli/start.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await waitUntil('all ready', async () => output.includes('all ready in'), { timeoutMs: 300_000, intervalMs: 50, isAlive: () => launcher.exitCode === null });
  const elapsed = (performance.now() - started) / 1000;
  const exited = new Promise((resolve) => launcher.once('exit', resolve));
  launcher.kill('SIGTERM');
  await exited;
  return elapsed;
}

export async function run(): Promise<string> {
  ensureKafka();
  ensureRegistry();
  ensureDocStore();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-bench-stack-'));
  try {
    const cold = await timeToAllReady(dataDir);
    const warm = [await timeToAllReady(dataDir), await timeToAllReady(dataDir)];
    return [
      '| start | to all-ready (s) | target |',
      '|---|---|---|',
      `| cold (empty data folder: Kafka format, registry schema) | ${cold.toFixed(1)} | — |`,
      `| warm, run 1 | ${warm[0]!.toFixed(1)} | < 30 |`,
      `| warm, run 2 | ${warm[1]!.toFixed(1)} | < 30 |`,
      '',
      'Components were already installed (first-ever install time is printed by the installer: Maven + Go downloads).',
      'Time includes Kafka (KRaft), Apicurio Registry (JVM, H2 file), FerretDB, and the four Node services answering `/health/ready`.',
    ].join('\n');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
