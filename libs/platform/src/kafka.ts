import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { ConfigError } from './config.js';
import type { Logger } from './logger.js';

/** Where the brokers are and how to talk to them (plaintext locally; TLS and SASL/SCRAM on MSK). */
export interface KafkaConnection {
  brokers: string[];
  ssl?: KafkaConfig['ssl'];
  sasl?: SASLOptions;
}

interface KafkaSettings {
  KAFKA_BROKERS: string[];
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512' | 'plain' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** The connection named by the validated env (commonEnvSchema); SASL needs TLS and both credentials. */
export function kafkaConnectionOf(config: KafkaSettings): KafkaConnection {
  const problems: string[] = [];
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (mechanism && (!username || !password)) problems.push('KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM');
  if (!mechanism && (username || password)) problems.push('KAFKA_SASL_MECHANISM: required with KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD');
  if (mechanism && !config.KAFKA_SSL) problems.push('KAFKA_SSL: must be true with SASL (credentials are not sent in the clear)');
  if (config.KAFKA_SSL_CA_FILE && !config.KAFKA_SSL) problems.push('KAFKA_SSL: must be true with KAFKA_SSL_CA_FILE');
  let ca: string | undefined;
  if (config.KAFKA_SSL_CA_FILE) {
    try {
      ca = readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8');
    } catch (error) {
      problems.push(`KAFKA_SSL_CA_FILE: cannot read ${config.KAFKA_SSL_CA_FILE} (${(error as Error).message})`);
    }
  }
  if (problems.length) throw new ConfigError(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  return {
    brokers: config.KAFKA_BROKERS,
    ...(config.KAFKA_SSL ? { ssl: ca ? { ca: [ca] } : true } : {}),
    ...(mechanism ? { sasl: { mechanism, username: username!, password: password! } } : {}),
  };
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go through the service's JSON logger. */
export function createKafka(connection: KafkaConnection, clientId: string, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    ...connection,
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      kafkaLogger[levels[level] ?? 'info'](extra, message);
    },
  });
}

/** Readiness: the broker answers a metadata request through a long-lived admin connection. */
export function kafkaReadiness(admin: Admin): () => Promise<unknown> {
  let connected: Promise<void> | undefined;
  return async () => {
    connected ??= admin.connect().catch((error: unknown) => { connected = undefined; throw error; });
    await connected;
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no brokers in cluster metadata');
    return cluster;
  };
}
