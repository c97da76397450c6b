import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { useInfra } from '@inventory/testkit';
import { TOPIC_SPECS, ensureTopics } from './topics.js';

describe('ensureTopics against the real broker', () => {
  it('creates every topic with its partitions and retention, and is idempotent under concurrent callers', async () => {
    const { env } = await useInfra();
    const kafka = new Kafka({ clientId: `contracts-${randomUUID()}`, brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const admins = [kafka.admin(), kafka.admin()];
    await Promise.all(admins.map((admin) => admin.connect()));
    try {
      await Promise.all(admins.map((admin) => ensureTopics(admin)));
      await ensureTopics(admins[0]!);

      const admin = admins[0]!;
      const { topics } = await admin.fetchTopicMetadata({ topics: TOPIC_SPECS.map(({ topic }) => topic) });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: TOPIC_SPECS.map(({ topic, config }) => ({ type: ConfigResourceTypes.TOPIC, name: topic, configNames: Object.keys(config) })),
      });
      for (const spec of TOPIC_SPECS) {
        assert.equal(topics.find(({ name }) => name === spec.topic)?.partitions.length, spec.partitions, spec.topic);
        const actual = Object.fromEntries(resources.find(({ resourceName }) => resourceName === spec.topic)!.configEntries.map(({ configName, configValue }) => [configName, configValue]));
        assert.deepEqual(actual, spec.config, spec.topic);
      }
    } finally {
      await Promise.all(admins.map((admin) => admin.disconnect()));
    }
  });
});
