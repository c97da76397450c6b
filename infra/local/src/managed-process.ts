import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
}

/** A child process whose output goes to a log file and which stops with SIGTERM, then SIGKILL after a grace period. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopRequested = false;

  constructor(private readonly spec: ProcessSpec) {}

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.alive) return;
    this.stopRequested = false;
    mkdirSync(path.dirname(this.spec.logFile), { recursive: true });
    const log = createWriteStream(this.spec.logFile, { flags: 'a' });
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', () => { log.end(); resolve(); }));
    child.once('error', (error) => log.write(`spawn failed: ${error.message}\n`));
    this.child = child;
  }

  /** Graceful stop; forced after `graceMs`. Resolves once the process is gone. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.stopRequested = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /**
   * Undefined while the process runs (or was never started, or was stopped with stop()); once it died on its
   * own (or by kill(), a crash), a line naming it with its exit code or signal, then the tail of its log.
   */
  deathReport(tailLines = 20): string | undefined {
    const child = this.child;
    if (!child || this.alive || this.stopRequested) return undefined;
    const how = child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
    const log = existsSync(this.spec.logFile) ? readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n').slice(-tailLines).join('\n') : '(no log)';
    return `${this.spec.name} (pid ${child.pid}) died (${how}); last lines of ${this.spec.logFile}:\n${log}`;
  }

  /** Abrupt death, as in a crash. */
  async kill(): Promise<void> {
    if (!this.child || !this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
