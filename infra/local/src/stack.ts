import path from 'node:path';
import type { Component } from './component.js';
import { DocStore } from './doc-store.js';
import { KafkaBroker } from './kafka-broker.js';
import { portInUse } from './ports.js';
import { SchemaRegistry } from './schema-registry.js';

export interface InfraPorts {
  kafka: number;
  kafkaController: number;
  registry: number;
  registryManagement: number;
  mongo: number;
}

/** Where each system is; an address given here means "use it, do not start a local one". */
export interface ExternalAddresses {
  kafkaBrokers?: string | undefined;
  schemaRegistryUrl?: string | undefined;
  mongodbUri?: string | undefined;
  /** STORE_PROFILE of the external document store (the local one is always `ferretdb-local`). */
  storeProfile?: string | undefined;
}

export interface InfraOptions {
  dataDir: string;
  ports: InfraPorts;
  external?: ExternalAddresses;
}

/** The running set: the addresses services need, and handles on what this process started itself. */
export interface LocalInfra {
  env: { KAFKA_BROKERS: string; SCHEMA_REGISTRY_URL: string; MONGODB_URI: string; STORE_PROFILE: string };
  kafka?: KafkaBroker | undefined;
  registry?: SchemaRegistry | undefined;
  docStore?: DocStore | undefined;
  stop(): Promise<void>;
  /** Throws, naming each started component that died and quoting its log's tail, instead of letting clients meet ECONNREFUSED. */
  assertAlive(): void;
}

export const defaultPorts = (env: NodeJS.ProcessEnv = process.env): InfraPorts => ({
  kafka: Number(env.KAFKA_PORT ?? 9092),
  kafkaController: Number(env.KAFKA_CONTROLLER_PORT ?? 9093),
  registry: Number(env.SCHEMA_REGISTRY_PORT ?? 8081),
  registryManagement: Number(env.SCHEMA_REGISTRY_MANAGEMENT_PORT ?? Number(env.SCHEMA_REGISTRY_PORT ?? 8081) + 1),
  mongo: Number(env.MONGODB_PORT ?? 27017),
});

export const externalFromEnv = (env: NodeJS.ProcessEnv = process.env): ExternalAddresses => ({
  kafkaBrokers: env.KAFKA_BROKERS,
  schemaRegistryUrl: env.SCHEMA_REGISTRY_URL,
  mongodbUri: env.MONGODB_URI,
  storeProfile: env.STORE_PROFILE,
});

async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} is already in use (another stack running?): stop it, or choose other ports via env`);
    }
  }
}

/** Starts every component not named in `external`, in parallel, and waits until each answers its health probe. */
export async function startLocalInfra({ dataDir, ports, external = {} }: InfraOptions): Promise<LocalInfra> {
  const logDir = path.join(dataDir, 'logs');
  const kafka = external.kafkaBrokers ? undefined : new KafkaBroker({ port: ports.kafka, controllerPort: ports.kafkaController, dataDir: path.join(dataDir, 'kafka'), logDir });
  const registry = external.schemaRegistryUrl ? undefined : new SchemaRegistry({ port: ports.registry, managementPort: ports.registryManagement, dataDir, logDir });
  const docStore = external.mongodbUri ? undefined : new DocStore({ port: ports.mongo, dataDir, logDir });

  await assertPortsFree([
    ...(kafka ? [ports.kafka, ports.kafkaController] : []),
    ...(registry ? [ports.registry, ports.registryManagement] : []),
    ...(docStore ? [ports.mongo] : []),
  ]);

  const owned: Component[] = [kafka, registry, docStore].filter((c): c is KafkaBroker | SchemaRegistry | DocStore => c !== undefined);
  const stop = async (): Promise<void> => { await Promise.all(owned.map((component) => component.stop())); };
  const results = await Promise.allSettled(owned.map((component) => component.start()));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }

  return {
    env: {
      KAFKA_BROKERS: external.kafkaBrokers ?? kafka!.address,
      SCHEMA_REGISTRY_URL: external.schemaRegistryUrl ?? registry!.address,
      MONGODB_URI: external.mongodbUri ?? docStore!.address,
      // The services' work-arounds for the local FerretDB follow the store that is really there.
      STORE_PROFILE: docStore ? 'ferretdb-local' : external.storeProfile ?? 'mongodb',
    },
    kafka,
    registry,
    docStore,
    stop,
    assertAlive: () => {
      const deaths = owned.map((component) => component.deathReport()).filter((report): report is string => report !== undefined);
      if (deaths.length) throw new Error(`local infrastructure died during the run:\n${deaths.join('\n\n')}`);
    },
  };
}
