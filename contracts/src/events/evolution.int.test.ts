import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import fc from 'fast-check';
import { useInfra } from '@inventory/testkit';
import { EVENT_COMPATIBILITY, setSubjectCompatibility } from '../registry/compatibility.js';
import { eventArbitrary } from './arbitraries.js';
import { avroSchemaOf } from './avro-schemas.js';
import { EventCodec } from './codec.js';
import { toPlain } from './plain.js';

interface Field { name: string; type: unknown; default?: unknown }
interface RecordSchema { type: 'record'; name: string; fields: Field[] }

/** ItemMoved's registered schema with its `data` record's fields rewritten. */
function itemMovedWithData(change: (fields: Field[]) => Field[]): RecordSchema {
  const schema = structuredClone(avroSchemaOf('ItemMoved')) as unknown as RecordSchema;
  const data = schema.fields.find((field) => field.name === 'data')!.type as RecordSchema;
  data.fields = change(data.fields);
  return schema;
}

const addedOptionalField: Field = { name: 'carrierId', type: ['null', 'string'], default: null };

describe('schema evolution against the real registry (BACKWARD_TRANSITIVE per subject)', () => {
  let registryUrl: string;
  let registry: SchemaRegistry;
  let subject: string;

  before(async () => {
    registryUrl = (await useInfra()).env.SCHEMA_REGISTRY_URL;
    registry = new SchemaRegistry({ host: registryUrl });
  });

  beforeEach(async () => {
    // A subject of its own per test: the real event subjects must not be polluted with test versions.
    subject = `evolution-${randomUUID()}-inventory.events.ItemMoved`;
    await setSubjectCompatibility(registryUrl, subject, EVENT_COMPATIBILITY);
  });

  const register = (schema: RecordSchema) =>
    registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject, compatibility: COMPATIBILITY[EVENT_COMPATIBILITY] });

  async function assertRefused(schema: RecordSchema): Promise<void> {
    await assert.rejects(register(schema), (error: { status?: number }) => {
      assert.equal(error.status, 409, `expected HTTP 409 from the registry, got ${String(error)}`);
      return true;
    });
  }

  it('accepts an added optional field; old and new readers read each other\'s events', async () => {
    const v1 = avroSchemaOf('ItemMoved') as unknown as RecordSchema;
    const v2 = itemMovedWithData((fields) => [...fields, addedOptionalField]);
    const { id: v1Id } = await register(v1);
    const { id: v2Id } = await register(v2);
    assert.notEqual(v2Id, v1Id);

    const [v1Type, v2Type] = [avro.Type.forSchema(v1 as avro.Schema), avro.Type.forSchema(v2 as avro.Schema)];
    const oldConsumer = new EventCodec(registryUrl); // this build's schema is v1
    await fc.assert(fc.asyncProperty(eventArbitrary('ItemMoved'), fc.uuid(), async (event, carrierId) => {
      const body = { metadata: event.metadata, data: event.data };
      // Old reader, new data (forward): a v2 producer's message decodes to exactly the v1 TypeScript shape.
      const fromNewProducer = await registry.encode(v2Id, { ...body, data: { ...body.data, carrierId } });
      assert.deepEqual(await oldConsumer.decode({ value: fromNewProducer }), event);
      assert.deepEqual(toPlain(v1Type.fromBuffer(v2Type.toBuffer({ ...body, data: { ...body.data, carrierId } }), v1Type.createResolver(v2Type))), body);
      // New reader, old data (backward): the added field takes its default.
      const fromOldProducer = await registry.encode(v1Id, body);
      assert.deepEqual(toPlain(await registry.decode(fromOldProducer, { [SchemaType.AVRO]: { readerSchema: v2 } })), { ...body, data: { ...body.data, carrierId: null } });
      assert.deepEqual(toPlain(v2Type.fromBuffer(v1Type.toBuffer(body), v2Type.createResolver(v1Type))), { ...body, data: { ...body.data, carrierId: null } });
    }), { numRuns: 20 });
  });

  it('refuses a new field without a default (new readers could not read old events): HTTP 409', async () => {
    await register(avroSchemaOf('ItemMoved') as unknown as RecordSchema);
    await assertRefused(itemMovedWithData((fields) => [...fields, { name: 'carrierId', type: 'string' }]));
  });

  it('refuses changing a field\'s type: HTTP 409', async () => {
    await register(avroSchemaOf('ItemMoved') as unknown as RecordSchema);
    await assertRefused(itemMovedWithData((fields) => fields.map((field) => (field.name === 'toLocationId' ? { ...field, type: 'long' } : field))));
  });

  it('checks against every earlier version, not only the latest (transitive)', async () => {
    // v2 adds carrierId with a default: fine. v3 drops that default and adds another optional field:
    // v3 reads v2 data, but not v1 data (no carrierId there), so only a transitive check refuses it.
    const v2 = itemMovedWithData((fields) => [...fields, { name: 'carrierId', type: 'string', default: 'none' }]);
    const v3 = itemMovedWithData((fields) => [...fields, { name: 'carrierId', type: 'string' }, { name: 'dock', type: ['null', 'string'], default: null }]);
    await register(avroSchemaOf('ItemMoved') as unknown as RecordSchema);
    await register(v2);
    await assertRefused(v3);

    // Control: under plain BACKWARD the registry accepts v3, so the refusal above is the transitive rule at work.
    subject = `evolution-${randomUUID()}-inventory.events.ItemMoved`;
    await setSubjectCompatibility(registryUrl, subject, 'BACKWARD');
    const registerNonTransitive = (schema: RecordSchema) =>
      registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject, compatibility: COMPATIBILITY.BACKWARD });
    await registerNonTransitive(avroSchemaOf('ItemMoved') as unknown as RecordSchema);
    await registerNonTransitive(v2);
    await registerNonTransitive(v3);
  });
});
