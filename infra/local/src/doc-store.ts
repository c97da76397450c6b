import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Component } from './component.js';
import { ensureDocStore } from './install.js';
import { ManagedProcess } from './managed-process.js';
import { PATIENT_START_MS, waitUntil } from './wait.js';

export interface DocStoreOptions {
  port: number;
  dataDir: string;
  logDir: string;
}

/** FerretDB v1 on SQLite: the MongoDB wire protocol for the local stack and CI. */
export class DocStore implements Component {
  readonly name = 'document-store';
  private readonly process: ManagedProcess;

  constructor(private readonly options: DocStoreOptions) {
    this.process = new ManagedProcess({
      name: this.name,
      command: ensureDocStore(),
      args: ['-listen', `127.0.0.1:${options.port}`, '-data', this.folder],
      logFile: path.join(options.logDir, 'document-store.log'),
    });
  }

  /** Where the SQLite databases live, one file (plus its write-ahead log) per database. */
  get folder(): string {
    return path.join(this.options.dataDir, 'docstore');
  }

  get address(): string {
    return `mongodb://127.0.0.1:${this.options.port}/`;
  }

  async start(): Promise<void> {
    mkdirSync(this.folder, { recursive: true });
    this.process.start();
    await waitUntil(`Document store on ${this.address}`, () => this.ready(), { isAlive: () => this.process.alive, timeoutMs: PATIENT_START_MS });
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

  /** Ready when `ping` succeeds through the official driver. */
  async ready(): Promise<boolean> {
    const client = new MongoClient(this.address, { serverSelectionTimeoutMS: 1000, directConnection: true });
    try {
      const reply = await client.db('admin').command({ ping: 1 });
      return reply.ok === 1;
    } finally {
      await client.close();
    }
  }
}
