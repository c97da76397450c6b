/**
 * `npm start`: the whole local stack in one command. Installs Kafka, Apicurio and FerretDB on
 * first use, starts them (unless KAFKA_BROKERS / SCHEMA_REGISTRY_URL / MONGODB_URI name other
 * ones), starts the four services with prefixed logs, waits until all are ready, prints the URLs,
 * restarts a service that crashes (with backoff, saying why), and stops everything only on Ctrl-C / SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { prettyFactory } from 'pino-pretty';
import { buildConsole } from '../console-build.js';
import { whenParentExits } from '../parent-watch.js';
import { dataDir } from '../paths.js';
import { crashCount, defaultRestartPolicy, restartDelayMs } from '../restart-policy.js';
import { services, servicePort, serviceUrlsEnv, type ServiceSpec } from '../services.js';
import { defaultPorts, externalFromEnv, startLocalInfra, type LocalInfra } from '../stack.js';
import { PATIENT_START_MS, waitUntil } from '../wait.js';

const started = Date.now();
const colors = [36, 35, 33, 32, 34];
const prettify = prettyFactory({ colorize: process.stdout.isTTY, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,name' });
const say = (message: string): void => { process.stdout.write(`\x1b[1m[stack]\x1b[0m ${message}\n`); };

function prefixLines(child: ChildProcess, name: string, color: number): void {
  const prefix = `\x1b[${color}m[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      const text = line.startsWith('{') ? prettify(line).trimEnd() : line;
      process.stdout.write(`${prefix}${text}\n`);
    });
  }
}

function startServiceProcess(spec: ServiceSpec, env: NodeJS.ProcessEnv, color: number): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', spec.entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixLines(child, spec.name, color);
  return child;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

let infra: LocalInfra | undefined;
const children = new Map<string, ChildProcess>();
const pendingRestarts = new Set<NodeJS.Timeout>();
let stopping = false;

/** Runs the service and, until the stack stops, starts it again whenever it exits (restart policy). */
function superviseService(spec: ServiceSpec, env: NodeJS.ProcessEnv, color: number, crashes = 0): void {
  const since = Date.now();
  const child = startServiceProcess(spec, env, color);
  children.set(spec.name, child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const uptimeMs = Date.now() - since;
    const count = crashCount(crashes, uptimeMs, defaultRestartPolicy);
    const delayMs = restartDelayMs(count, defaultRestartPolicy);
    say(`${spec.name} exited unexpectedly (${signal ?? `code ${code}`}) after ${(uptimeMs / 1000).toFixed(1)} s; `
      + `restarting in ${(delayMs / 1000).toFixed(1)} s (crash ${count} in a row)`);
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer);
      if (!stopping) superviseService(spec, env, color, count);
    }, delayMs);
    pendingRestarts.add(timer);
  });
}

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const timer of pendingRestarts) clearTimeout(timer);
    say('stopping services…');
    for (const child of children.values()) child.kill('SIGTERM');
    await Promise.all([...children.values()].map(exited));
    say('stopping infrastructure…');
    await infra?.stop();
    say('stopped');
  }
  process.exit(code);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
whenParentExits(() => void stopAll(0));

try {
  say(`data folder: ${dataDir()}`);
  // The gateway serves the web console at / (CONSOLE_DIR names a build of one's own); built meanwhile.
  const consoleBuilt = process.env.CONSOLE_DIR ? Promise.resolve(process.env.CONSOLE_DIR) : buildConsole(path.join(dataDir(), 'console'));
  consoleBuilt.catch(() => undefined);
  infra = await startLocalInfra({ dataDir: dataDir(), ports: defaultPorts(), external: externalFromEnv() });
  say(`infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The local stack asks for local development (its well-known JWT secret and admin password, README) and
  // makes a fresh internal secret per run unless one is given: the gateway sends it, the other three require it.
  const env = {
    INVENTORY_LOCAL_DEV: 'true', ...process.env, ...infra.env, ...serviceUrlsEnv(),
    INTERNAL_AUTH_TOKEN: process.env.INTERNAL_AUTH_TOKEN ?? randomBytes(32).toString('base64url'),
    CONSOLE_DIR: await consoleBuilt,
  };
  services.forEach((spec, index) => superviseService(spec, env, colors[index % colors.length]!));

  // Patient: a service that crashes while starting is restarted by its supervisor and waited for again.
  const waiting = new Set(services.map((spec) => spec.name));
  const progress = setInterval(() => say(`waiting for ${[...waiting].join(', ')} to answer ready (${((Date.now() - started) / 1000).toFixed(0)} s)`), 30_000);
  try {
    await Promise.all(services.map(async (spec) => {
      await waitUntil(`${spec.name} readiness`, async () => {
        const response = await fetch(`http://127.0.0.1:${servicePort(spec)}/health/ready`, { signal: AbortSignal.timeout(3000) });
        return response.ok;
      }, { timeoutMs: PATIENT_START_MS, intervalMs: 300 });
      waiting.delete(spec.name);
    }));
  } finally {
    clearInterval(progress);
  }

  const lines = [
    `  web console       http://127.0.0.1:${servicePort(services.find((spec) => spec.name === 'gateway')!)}/`,
    ...services.map((spec) => `  ${spec.name.padEnd(17)} http://127.0.0.1:${servicePort(spec)}`),
    `  kafka             ${infra.env.KAFKA_BROKERS}`,
    `  schema registry   ${infra.env.SCHEMA_REGISTRY_URL}`,
    `  mongodb           ${infra.env.MONGODB_URI} (STORE_PROFILE=${infra.env.STORE_PROFILE})`,
  ];
  say(`all ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n${lines.join('\n')}\n  (Ctrl-C stops everything)`);
} catch (error) {
  say(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
