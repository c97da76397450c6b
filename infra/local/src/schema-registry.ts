import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Component } from './component.js';
import { ensureRegistry } from './install.js';
import { ManagedProcess } from './managed-process.js';
import { findJava } from './prerequisites.js';
import { PATIENT_START_MS, waitUntil } from './wait.js';

export interface SchemaRegistryOptions {
  port: number;
  /** Quarkus' management interface (it cannot be switched off at run time; its default 9000 would clash). */
  managementPort: number;
  dataDir: string;
  logDir: string;
  heapMb?: number;
}

/**
 * Apicurio Registry 3 serving the Confluent-compatible API under /apis/ccompat/v7.
 * Storage is an H2 database file in the data folder, so schema ids survive restarts
 * (the default in-memory H2 would lose them and make every stored event undecodable).
 */
export class SchemaRegistry implements Component {
  readonly name = 'schema-registry';
  private readonly process: ManagedProcess;

  constructor(private readonly options: SchemaRegistryOptions) {
    const home = ensureRegistry();
    const database = path.join(options.dataDir, 'registry');
    this.process = new ManagedProcess({
      name: this.name,
      command: findJava(21),
      cwd: home,
      args: [
        `-Xmx${options.heapMb ?? 384}m`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto',
        `-Dquarkus.http.port=${options.port}`,
        '-Dquarkus.http.host=127.0.0.1',
        `-Dquarkus.management.port=${options.managementPort}`,
        '-Dquarkus.management.host=127.0.0.1',
        '-Dquarkus.log.console.json=false',
        '-Dapicurio.storage.kind=sql',
        '-Dapicurio.storage.sql.kind=h2',
        `-Dapicurio.datasource.url=jdbc:h2:file:${database};DB_CLOSE_ON_EXIT=FALSE`,
        '-Dapicurio.datasource.username=sa',
        '-Dapicurio.datasource.password=sa',
        // A subject with no rule would answer NONE and make the Confluent client's register fail; default to BACKWARD.
        '-Dapicurio.rules.global.compatibility=BACKWARD',
        '-Dapicurio.ccompat.legacy-id-mode.enabled=true',
        '-jar', path.join(home, 'quarkus-run.jar'),
      ],
      logFile: path.join(options.logDir, 'schema-registry.log'),
    });
  }

  get address(): string {
    return `http://127.0.0.1:${this.options.port}/apis/ccompat/v7`;
  }

  async start(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    this.process.start();
    await waitUntil(`Schema registry on ${this.address}`, () => this.ready(), { isAlive: () => this.process.alive, timeoutMs: PATIENT_START_MS, intervalMs: 500 });
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  kill(): Promise<void> {
    return this.process.kill();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  deathReport(): string | undefined {
    return this.process.deathReport();
  }

  /** Ready when the Confluent-compatible API lists subjects. */
  async ready(): Promise<boolean> {
    const response = await fetch(`${this.address}/subjects`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  }
}
