import { MongoDBContainer } from '@testcontainers/mongodb';
import { GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from 'testcontainers';
import { freePort } from '@inventory/local-infra';

/** The images of the container profile: the official ones docker-compose.yml runs (override to mirror them). */
export const containerImages = (env: NodeJS.ProcessEnv = process.env) => ({
  mongo: env.TEST_CONTAINERS_MONGO_IMAGE ?? 'mongo:7',
  kafka: env.TEST_CONTAINERS_KAFKA_IMAGE ?? 'apache/kafka:3.9.1',
  registry: env.TEST_CONTAINERS_REGISTRY_IMAGE ?? 'apicurio/apicurio-registry:3.3.3',
});

/** Why no container runtime can be used here (testcontainers' own discovery: DOCKER_HOST, the Docker socket, ...), or undefined if one answers. */
export async function containerRuntimeMissing(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface ContainerInfra {
  /** What the suites and services read: the same variables as an external stack, with the plain MongoDB profile. */
  env: { KAFKA_BROKERS: string; SCHEMA_REGISTRY_URL: string; MONGODB_URI: string; STORE_PROFILE: 'mongodb' };
  stop(): Promise<void>;
}

/**
 * MongoDB 7 as a one-node replica set (@testcontainers/mongodb initiates it), Apache Kafka in KRaft
 * mode and Apicurio Registry, started in parallel. Kafka advertises a fixed host port: clients
 * outside the container must be told the address they can reach.
 */
export async function startContainerInfra(images = containerImages()): Promise<ContainerInfra> {
  const kafkaPort = await freePort();
  const started = await Promise.allSettled([
    new MongoDBContainer(images.mongo).start(),
    new GenericContainer(images.kafka)
      .withExposedPorts({ container: kafkaPort, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_LISTENERS: `PLAINTEXT://:${kafkaPort},CONTROLLER://:9093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_NUM_PARTITIONS: '3',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(180_000)
      .start(),
    new GenericContainer(images.registry)
      .withExposedPorts(8080)
      .withEnvironment({ APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD', APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: 'true', QUARKUS_HTTP_PORT: '8080' })
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .withStartupTimeout(180_000)
      .start(),
  ]);
  const containers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value as StartedTestContainer] : []));
  const stop = async (): Promise<void> => { await Promise.allSettled(containers.map((container) => container.stop())); };
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const [mongo, , registry] = containers;
  return {
    env: {
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      SCHEMA_REGISTRY_URL: `http://${registry!.getHost()}:${registry!.getMappedPort(8080)}/apis/ccompat/v7`,
      // The replica set names its member by the container's host name: talk to it directly.
      MONGODB_URI: `mongodb://${mongo!.getHost()}:${mongo!.getMappedPort(27017)}/?directConnection=true`,
      STORE_PROFILE: 'mongodb',
    },
    stop,
  };
}
