import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, infraSourceDir } from './paths.js';
import { requireCommand } from './prerequisites.js';

export const KAFKA_VERSION = '3.9.1';
export const APICURIO_VERSION = '3.3.3';
export const FERRETDB_VERSION = '1.24.2';

const log = (message: string): void => { process.stderr.write(`[install] ${message}\n`); };

/**
 * Installs into a temporary folder and renames it into place, so an interrupted install
 * is never mistaken for a finished one and two concurrent installers cannot mix files.
 */
function installOnce(target: string, what: string, build: (staging: string) => void): string {
  if (existsSync(target)) return target;
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`${what}: first use, installing into ${target}`);
  const started = Date.now();
  try {
    build(staging);
    if (!existsSync(target)) renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`${what}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

const sleepSync = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); };

/**
 * Runs `attempt` up to `attempts` times, waiting `baseDelayMs`, then twice as long, … between tries:
 * downloads from Maven Central and the Go module proxy fail now and then (`Connection reset`).
 */
export function withRetries<T>(what: string, attempt: () => T, { attempts = 4, baseDelayMs = 2_000, sleep = sleepSync } = {}): T {
  for (let tried = 1; ; tried += 1) {
    try {
      return attempt();
    } catch (error) {
      if (tried >= attempts) throw error;
      const delay = baseDelayMs * 2 ** (tried - 1);
      log(`${what}: attempt ${tried} of ${attempts} failed (${(error as Error).message.split('\n')[0]}), retrying in ${delay / 1000} s`);
      sleep(delay);
    }
  }
}

const run = (command: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): void => {
  execFileSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
};

/** Maven's local repository: MAVEN_REPO_LOCAL when set (CI points it at an empty folder), else Maven's default. */
const mavenRepoArgs = (): string[] => (process.env.MAVEN_REPO_LOCAL ? [`-Dmaven.repo.local=${process.env.MAVEN_REPO_LOCAL}`] : []);

const mvn = (what: string, args: string[]): void => {
  withRetries(what, () => run('mvn', ['-q', '-B', '-Dstyle.color=never', ...mavenRepoArgs(), ...args]));
};

/** Kafka broker jars (KRaft) with a log4j binding, from Maven Central. Returns the libs folder. */
export function ensureKafka(): string {
  const home = installOnce(path.join(cacheDir(), `kafka-${KAFKA_VERSION}`), `Apache Kafka ${KAFKA_VERSION}`, (staging) => {
    requireCommand('mvn', 'Maven (apt-get install maven)');
    mvn(`Apache Kafka ${KAFKA_VERSION}`, ['-f', path.join(infraSourceDir, 'kafka', 'pom.xml'), 'dependency:copy-dependencies',
      `-DoutputDirectory=${path.join(staging, 'libs')}`, '-DincludeScope=runtime']);
  });
  return path.join(home, 'libs');
}

/** Apicurio Registry's ready-built Quarkus app, from Maven Central. Returns the folder holding quarkus-run.jar. */
export function ensureRegistry(): string {
  return installOnce(path.join(cacheDir(), `apicurio-registry-${APICURIO_VERSION}`), `Apicurio Registry ${APICURIO_VERSION}`, (staging) => {
    requireCommand('mvn', 'Maven (apt-get install maven)');
    const downloads = path.join(staging, '.download');
    mvn(`Apicurio Registry ${APICURIO_VERSION}`, ['dependency:copy', `-Dartifact=io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`,
      `-DoutputDirectory=${downloads}`]);
    const archive = readdirSync(downloads).find((file) => file.endsWith('.tar.gz'));
    if (!archive) throw new Error('Apicurio archive missing after download');
    run('tar', ['xzf', path.join(downloads, archive), '-C', staging]);
    rmSync(downloads, { recursive: true, force: true });
  });
}

/** A short hash of our Go wrapper and its patches, so a change to them builds a new binary instead of reusing the cached one. */
function wrapperSourceHash(folder: string): string {
  const hash = createHash('sha256');
  const patches = path.join(folder, 'patches');
  const files = [
    ...readdirSync(folder).filter((name) => /\.(go|mod|sum)$/.test(name)).map((name) => path.join(folder, name)),
    ...readdirSync(patches).map((name) => path.join(patches, name)),
  ].sort();
  for (const file of files) hash.update(path.relative(folder, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/**
 * FerretDB v1 embedded in our small Go module (infra/local/ferretdb), built through the Go module
 * proxy with our patches applied to a copy of its source (see patches/). Returns the binary.
 */
export function ensureDocStore(): string {
  const source = path.join(infraSourceDir, 'ferretdb');
  const home = installOnce(path.join(cacheDir(), `ferretdb-${FERRETDB_VERSION}-${wrapperSourceHash(source)}`), `FerretDB ${FERRETDB_VERSION}`, (staging) => {
    requireCommand('go', 'Go 1.24+ (https://go.dev/doc/install or apt-get install golang)');
    const wrapper = path.join(staging, 'wrapper');
    const upstream = path.join(staging, 'ferretdb-source');
    cpSync(source, wrapper, { recursive: true });
    const download = withRetries(`FerretDB ${FERRETDB_VERSION} download`, () => execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@v${FERRETDB_VERSION}`], { cwd: wrapper, encoding: 'utf8' }));
    cpSync((JSON.parse(download) as { Dir: string }).Dir, upstream, { recursive: true });
    run('chmod', ['-R', 'u+w', upstream]); // the module cache is read-only
    for (const patch of readdirSync(path.join(source, 'patches')).sort()) run('git', ['apply', '-p1', path.join(source, 'patches', patch)], upstream);
    run('go', ['mod', 'edit', `-replace=github.com/FerretDB/FerretDB=${upstream}`], wrapper);
    withRetries(`FerretDB ${FERRETDB_VERSION} build`, () => run('go', ['build', '-trimpath', '-o', path.join(staging, 'ferretdb'), '.'], wrapper, { CGO_ENABLED: '0' }));
    rmSync(wrapper, { recursive: true, force: true });
    rmSync(upstream, { recursive: true, force: true });
  });
  return path.join(home, 'ferretdb');
}

/** Installs every component not given externally (KAFKA_BROKERS / SCHEMA_REGISTRY_URL / MONGODB_URI), without starting any. */
export function ensureInfraInstalled(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.KAFKA_BROKERS) ensureKafka();
  if (!env.SCHEMA_REGISTRY_URL) ensureRegistry();
  if (!env.MONGODB_URI) ensureDocStore();
}
