/**
 * The outbox relay alone in its own process, so a test can SIGKILL it mid-stream.
 * Env: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGODB_URI, RELAY_DATABASE, RELAY_BATCH_DOCUMENTS.
 */
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { EventCodec } from '@inventory/contracts';
import { OutboxRelay } from '../outbox/relay.js';
import { writeModelOf } from '../store/documents.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const mongo = await new MongoClient(env('MONGODB_URI')).connect();
const kafka = new Kafka({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'relay-process', logLevel: logLevel.NOTHING });
const relay = new OutboxRelay({
  kafka,
  codec: new EventCodec(env('SCHEMA_REGISTRY_URL')),
  model: writeModelOf(mongo.db(env('RELAY_DATABASE'))),
  batchDocuments: Number(env('RELAY_BATCH_DOCUMENTS')),
  onError: (error) => process.stderr.write(`relay pass failed: ${String(error)}\n`),
});
await relay.start();
process.stdout.write('relay started\n');
process.on('SIGTERM', () => { void relay.stop().then(() => mongo.close()).then(() => process.exit(0)); });
