/** Stack start-up: time from `npm start` to all services ready, on a fresh data folder (cold) and again on it (warm). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDocStore, ensureKafka, ensureRegistry, spawnLauncher } from '@inventory/local-infra';

export const title = 'Stack start-up';

async function timeToAllReady(dataDir: string): Promise<number> {
  const env = { ...process.env };
  // Measure the local components, never an external system named in the environment.
  for (const name of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI']) delete env[name];
  const started = performance.now();
  const launcher = await spawnLauncher(dataDir, env);
  await launcher.ready(300_000);
  const elapsed = (performance.now() - started) / 1000;
  await launcher.stop();
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
