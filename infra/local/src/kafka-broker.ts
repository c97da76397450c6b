import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Component } from './component.js';
import { ensureKafka } from './install.js';
import { ManagedProcess } from './managed-process.js';
import { findJava } from './prerequisites.js';
import { infraSourceDir } from './paths.js';
import { PATIENT_START_MS, waitUntil } from './wait.js';

export interface KafkaBrokerOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  logDir: string;
  heapMb?: number;
}

/** A single-node Apache Kafka in KRaft mode (broker and controller in one JVM). */
/**
 * A KRaft cluster id as Kafka's own Uuid.randomUuid makes one: 16 random bytes in base64url, but
 * never one starting with '-', which StorageTool reads as an option and refuses (1 start in 64).
 */
export function newClusterId(random: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = random().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export class KafkaBroker implements Component {
  readonly name = 'kafka';
  private readonly process: ManagedProcess;
  private readonly configFile: string;
  private readonly libs: string;

  constructor(private readonly options: KafkaBrokerOptions) {
    this.configFile = path.join(options.dataDir, 'server.properties');
    const libs = ensureKafka();
    this.process = new ManagedProcess({
      name: this.name,
      command: findJava(17),
      args: [
        `-Xmx${options.heapMb ?? 512}m`, '-XX:+UseG1GC', '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${path.join(infraSourceDir, 'config', 'log4j.properties')}`,
        '-cp', `${libs}/*`, 'kafka.Kafka', this.configFile,
      ],
      logFile: path.join(options.logDir, 'kafka.log'),
    });
    this.libs = libs;
  }

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  private writeConfig(): void {
    const { port, controllerPort, dataDir } = this.options;
    const logDirs = path.join(dataDir, 'logs');
    mkdirSync(logDirs, { recursive: true });
    writeFileSync(this.configFile, [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${logDirs}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      '',
    ].join('\n'));
  }

  async start(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    this.writeConfig();
    this.formatOnce();
    this.process.start();
    await waitUntil(`Kafka on ${this.address}`, () => this.ready(), { isAlive: () => this.process.alive, timeoutMs: PATIENT_START_MS });
  }

  /** Formats the KRaft metadata log once per data folder, with a random cluster id (as StorageTool random-uuid makes). */
  private formatOnce(): void {
    if (existsSync(path.join(this.options.dataDir, 'logs', 'meta.properties'))) return;
    execFileSync(findJava(17), ['-cp', `${this.libs}/*`, 'kafka.tools.StorageTool', 'format', '-t',
      newClusterId(), '-c', this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  stop(): Promise<void> {
    return this.process.stop(30_000);
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

  /** Ready when the broker answers metadata requests. */
  async ready(): Promise<boolean> {
    const admin = new Kafka({ clientId: 'inventory-health', brokers: [this.address], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0 && cluster.controller !== null;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
