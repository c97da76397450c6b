import { avroSchemaOf } from '../events/avro-schemas.js';
import { EVENT_CATALOG, EVENT_TYPES } from '../events/catalog.js';
import { EVENT_HEADERS } from '../events/codec.js';
import type { InventoryEventType } from '../events/types.js';
import { DEAD_LETTER_HEADERS, TOPICS, TOPIC_SPECS, type TopicName } from '../kafka/topics.js';

const AVRO_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';
const KAFKA_BINDING_VERSION = '0.5.0';
const channelIdOf = (topic: TopicName): string => Object.entries(TOPICS).find(([, name]) => name === topic)![0];
const ref = (path: string) => ({ $ref: `#/${path}` });
const stringHeaders = (descriptions: Record<string, string>) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(descriptions).map(([name, description]) => [name, { type: 'string', description }])),
  required: Object.keys(descriptions),
});

function eventMessage(type: InventoryEventType) {
  const schema = avroSchemaOf(type) as { doc?: string };
  return {
    name: type,
    title: type,
    summary: schema.doc,
    contentType: 'application/octet-stream',
    headers: stringHeaders({
      [EVENT_HEADERS.eventType]: `Always "${type}"`,
      [EVENT_HEADERS.eventId]: 'Same as metadata.eventId: dedupe by it',
      [EVENT_HEADERS.correlationId]: 'Same as metadata.correlationId',
    }),
    payload: { schemaFormat: AVRO_FORMAT, schema },
    bindings: {
      kafka: {
        key: { type: 'string', description: `data.${EVENT_CATALOG[type].keyField} (= metadata.aggregateId): one aggregate's events stay in order` },
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
        schemaLookupStrategy: 'TopicRecordNameStrategy',
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

const deadLetterMessage = {
  name: 'DeadLetteredEvent',
  title: 'Dead-lettered event',
  summary: 'An event a consumer group could not process: key, value and headers as received, plus where it came from.',
  contentType: 'application/octet-stream',
  headers: stringHeaders({
    [DEAD_LETTER_HEADERS.sourceTopic]: 'Topic the event was read from',
    [DEAD_LETTER_HEADERS.sourcePartition]: 'Its partition',
    [DEAD_LETTER_HEADERS.sourceOffset]: 'Its offset',
    [DEAD_LETTER_HEADERS.consumerGroup]: 'The consumer group that gave up on it',
    [DEAD_LETTER_HEADERS.error]: 'Why',
    [DEAD_LETTER_HEADERS.failedAt]: 'When (ISO 8601)',
  }),
  payload: { type: 'string', format: 'binary', description: 'The original Confluent-framed Avro value, unchanged' },
};

/** The AsyncAPI 3.0 document of the event stream, generated from the topic layout and the Avro schemas. */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const channels = Object.fromEntries(TOPIC_SPECS.map(({ topic, partitions, config }) => {
    const messageIds = topic === TOPICS.deadLetter ? [deadLetterMessage.name] : EVENT_TYPES.filter((type) => EVENT_CATALOG[type].topic === topic);
    return [channelIdOf(topic), {
      address: topic,
      messages: Object.fromEntries(messageIds.map((id) => [id, ref(`components/messages/${id}`)])),
      bindings: {
        kafka: {
          topic,
          partitions,
          topicConfiguration: { 'cleanup.policy': [config['cleanup.policy']], 'retention.ms': Number(config['retention.ms']) },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    }];
  }));
  const operations = Object.fromEntries(Object.entries(channels).map(([channelId, channel]) => [`publish${channelId[0]!.toUpperCase()}${channelId.slice(1)}`, {
    action: 'send',
    channel: ref(`channels/${channelId}`),
    messages: Object.keys(channel.messages).map((id) => ref(`channels/${channelId}/messages/${id}`)),
  }]));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Inventory events',
      version: '1.0.0',
      description: 'Every inventory state change as an Avro event (Confluent wire format, schema registry, TopicRecordNameStrategy, BACKWARD_TRANSITIVE). Delivery is at-least-once: dedupe by metadata.eventId. See docs/events.md.',
    },
    defaultContentType: 'application/octet-stream',
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The local stack (npm start); the schema registry is at http://127.0.0.1:8081/apis/ccompat/v7' },
    },
    channels,
    operations,
    components: {
      messages: {
        ...Object.fromEntries(EVENT_TYPES.map((type) => [type, eventMessage(type)])),
        [deadLetterMessage.name]: deadLetterMessage,
      },
    },
  };
}
