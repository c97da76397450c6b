import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { commonEnvSchema, ConfigError, loadConfig } from './config.js';
import { createKafka, kafkaConnectionOf } from './kafka.js';
import { createLogger } from './logger.js';
import { createMongo, mongoOptions, storeConnectionOf } from './mongo.js';
import { storeProfileOf, storeProfiles } from './store-profile.js';

const settings = (env: Record<string, string>) => loadConfig(commonEnvSchema, env);
const caFile = (() => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'bundle.pem');
  writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  return file;
})();

describe('store connection (STORE_PROFILE and MONGODB_* settings)', () => {
  it('defaults to the plain MongoDB profile: retryable writes on, primary reads, no TLS options', () => {
    const connection = storeConnectionOf(settings({}));
    assert.equal(connection.profile, storeProfiles.mongodb);
    assert.deepEqual(mongoOptions(connection, 'svc'), { serverSelectionTimeoutMS: 5000, appName: 'svc', monitorCommands: true, retryWrites: true, readPreference: 'primary' });
  });

  it('turns retryable writes off for DocumentDB and FerretDB, and refuses turning them on for DocumentDB', () => {
    assert.equal(storeConnectionOf(settings({ STORE_PROFILE: 'documentdb' })).retryWrites, false);
    assert.equal(storeConnectionOf(settings({ STORE_PROFILE: 'ferretdb-local' })).retryWrites, false);
    assert.throws(() => storeConnectionOf(settings({ STORE_PROFILE: 'documentdb', MONGODB_RETRY_WRITES: 'true' })), (error: Error) => error instanceof ConfigError && /MONGODB_RETRY_WRITES/.test(error.message));
    assert.equal(storeConnectionOf(settings({ MONGODB_RETRY_WRITES: 'false' })).retryWrites, false);
  });

  it('refuses an unknown profile or read preference at start-up', () => {
    assert.throws(() => settings({ STORE_PROFILE: 'cosmosdb' }), (error: Error) => error instanceof ConfigError && /STORE_PROFILE/.test(error.message));
    assert.throws(() => settings({ MONGODB_READ_PREFERENCE: 'any' }), (error: Error) => error instanceof ConfigError && /MONGODB_READ_PREFERENCE/.test(error.message));
  });

  it('turns TLS on with a readable CA bundle, refuses an unreadable one, and the driver keeps the settings over the URI', () => {
    const connection = storeConnectionOf(settings({ STORE_PROFILE: 'documentdb', MONGODB_TLS_CA_FILE: caFile, MONGODB_URI: 'mongodb://db.example:27017/?retryWrites=true&readPreference=secondary' }));
    const client = new MongoClient(connection.uri, mongoOptions(connection, 'svc'));
    assert.equal(client.options.tls, true);
    assert.equal(client.options.tlsCAFile, caFile);
    assert.equal(client.options.retryWrites, false);
    assert.equal(client.options.readPreference.mode, 'primary');
    assert.throws(() => storeConnectionOf(settings({ MONGODB_TLS_CA_FILE: path.join(caFile, 'missing') })), /MONGODB_TLS_CA_FILE: cannot read/);
  });

  it('attaches the profile to clients made by createMongo, so code holding a Db or Collection can ask it', async () => {
    const mongo = createMongo(storeConnectionOf(settings({ STORE_PROFILE: 'ferretdb-local' })), 'profile_test');
    try {
      assert.equal(storeProfileOf(mongo.db), storeProfiles['ferretdb-local']);
      assert.equal(storeProfileOf(mongo.db.collection('anything')), storeProfiles['ferretdb-local']);
      assert.equal(mongo.profile.secondaryIndexes, false);
      assert.throws(() => storeProfileOf(new MongoClient('mongodb://127.0.0.1:1/').db('x')), /no store profile/);
    } finally {
      await mongo.client.close();
    }
  });
});

describe('Kafka connection (KAFKA_SSL / KAFKA_SASL_* for MSK)', () => {
  it('is plaintext with just the brokers by default (the local stack)', () => {
    assert.deepEqual(kafkaConnectionOf(settings({ KAFKA_BROKERS: 'a:9092, b:9092' })), { brokers: ['a:9092', 'b:9092'] });
  });

  it('speaks TLS with SASL/SCRAM as MSK offers it, with a private CA when one is named', () => {
    const connection = kafkaConnectionOf(settings({ KAFKA_BROKERS: 'b-1.msk:9096', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'inventory', KAFKA_SASL_PASSWORD: 'secret' }));
    assert.deepEqual(connection.sasl, { mechanism: 'scram-sha-512', username: 'inventory', password: 'secret' });
    assert.deepEqual(connection.ssl, { ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] });
    assert.equal(kafkaConnectionOf(settings({ KAFKA_SSL: 'true' })).ssl, true);
    assert.ok(createKafka(connection, 'test', createLogger('test', 'silent')));
  });

  it('refuses half a SASL setting, SASL without TLS and a CA file without TLS, naming each variable', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        kafkaConnectionOf(settings(env));
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.message;
      }
      assert.fail('accepted');
    };
    assert.match(refusal({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' }), /KAFKA_SASL_PASSWORD: required/);
    assert.match(refusal({ KAFKA_SSL: 'true', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }), /KAFKA_SASL_MECHANISM: required/);
    assert.match(refusal({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }), /KAFKA_SSL: must be true with SASL/);
    assert.match(refusal({ KAFKA_SSL_CA_FILE: caFile }), /KAFKA_SSL: must be true with KAFKA_SSL_CA_FILE/);
    assert.match(refusal({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: path.join(caFile, 'missing') }), /KAFKA_SSL_CA_FILE: cannot read/);
  });
});
