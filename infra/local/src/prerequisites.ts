import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export class MissingPrerequisiteError extends Error {}

/** stdout and stderr together (java prints its version on stderr), or undefined when the command does not exist. */
function commandOutput(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return undefined;
  return `${result.stdout}${result.stderr}`;
}

export function requireCommand(command: string, installHint: string): void {
  if (commandOutput(command, ['--version']) === undefined && commandOutput(command, ['version']) === undefined) {
    throw new MissingPrerequisiteError(`'${command}' not found on PATH: install ${installHint}`);
  }
}

function javaMajorVersion(javaBinary: string): number | undefined {
  const output = commandOutput(javaBinary, ['-version']);
  const match = output?.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/**
 * A java binary of at least `minMajor`: JAVA_HOME, then PATH, then every JDK under /usr/lib/jvm.
 * Apicurio Registry 3.x needs Java 21+, the Kafka broker runs on 17+, and machines often carry several JDKs.
 */
export function findJava(minMajor: number): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    for (const entry of readdirSync(jvmRoot).sort().reverse()) candidates.push(path.join(jvmRoot, entry, 'bin', 'java'));
  }
  for (const candidate of candidates) {
    const major = javaMajorVersion(candidate);
    if (major !== undefined && major >= minMajor) return candidate;
  }
  throw new MissingPrerequisiteError(`no Java ${minMajor}+ found (JAVA_HOME, PATH, /usr/lib/jvm): install a JDK ${minMajor} or newer`);
}
