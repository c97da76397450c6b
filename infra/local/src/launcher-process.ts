import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { freePort } from './ports.js';
import { services } from './services.js';
import { PATIENT_START_MS, waitUntil } from './wait.js';

export interface LauncherProcess {
  child: ChildProcess;
  /** Base URL of each service by name (gateway, command-service, …). */
  urls: Record<string, string>;
  /** The INTERNAL_AUTH_TOKEN the four services share (given in `env`, else new), for calling a service directly. */
  internalAuthToken: string;
  /** Everything the launcher printed so far. */
  output(): string;
  /** Resolves when the launcher prints its all-ready line; rejects if it exits first (or never gets there: it gives up on its own first). */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `npm start`'s launcher as a child process with every port free and its own data folder,
 * so tests and benchmarks can run a whole stack beside a dev stack. `env` may name external
 * infrastructure (KAFKA_BROKERS, …) for the launcher to use instead of starting its own.
 */
export async function spawnLauncher(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<LauncherProcess> {
  const [kafka, controller, registry, management, mongo, ...servicePorts] = await Promise.all(Array.from({ length: 5 + services.length }, () => freePort()));
  const ports: Record<string, number> = Object.fromEntries(services.map((spec, index) => [spec.name, servicePorts[index]!]));
  const internalAuthToken = env.INTERNAL_AUTH_TOKEN ?? randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(repoRoot, 'infra/local/src/cli/start.ts')], {
    env: {
      ...env,
      INVENTORY_DATA_DIR: dataDir,
      INTERNAL_AUTH_TOKEN: internalAuthToken,
      KAFKA_PORT: String(kafka), KAFKA_CONTROLLER_PORT: String(controller), SCHEMA_REGISTRY_PORT: String(registry),
      SCHEMA_REGISTRY_MANAGEMENT_PORT: String(management), MONGODB_PORT: String(mongo),
      ...Object.fromEntries(services.map((spec) => [spec.portVariable, String(ports[spec.name])])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    urls: Object.fromEntries(services.map((spec) => [spec.name, `http://127.0.0.1:${ports[spec.name]}`])),
    internalAuthToken,
    output: () => output,
    ready: (timeoutMs = 3 * PATIENT_START_MS) => waitUntil('launcher all-ready line', async () => output.includes('all ready in'), {
      timeoutMs, intervalMs: 50, isAlive: () => child.exitCode === null,
    }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
