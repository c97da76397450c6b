import assert from 'node:assert/strict';
import fc from 'fast-check';
import type avro from 'avsc';
import { anyEventArbitrary, eventArbitrary } from './arbitraries.js';
import { avroSchemaOf, avroTypeOf } from './avro-schemas.js';
import { EVENT_TYPES, aggregateIdOf } from './catalog.js';
import { toPlain } from './plain.js';

const fieldNames = (record: avro.Type): string[] => (record as avro.types.RecordType).fields.map((field) => field.name).sort();
const fieldOf = (type: avro.Type, name: string): avro.Type => (type as avro.types.RecordType).field(name)!.type;

describe('Avro schemas and the TypeScript event catalog', () => {
  for (const type of EVENT_TYPES) {
    describe(type, () => {
      it('the record is named after the event type, with exactly the fields metadata and data', () => {
        const avroType = avroTypeOf(type);
        assert.equal(avroType.name, `inventory.events.${type}`);
        assert.deepEqual(fieldNames(avroType), ['data', 'metadata']);
      });

      it('accepts every value of the TS type, and declares exactly the fields the TS type has', () => {
        const avroType = avroTypeOf(type);
        fc.assert(fc.property(eventArbitrary(type), (event) => {
          const paths: string[] = [];
          const valid = avroType.isValid({ metadata: event.metadata, data: event.data }, { errorHook: (path) => paths.push(path.join('.')) });
          assert.ok(valid, `invalid at ${paths.join(', ')}`);
          assert.deepEqual(fieldNames(fieldOf(avroType, 'data')), Object.keys(event.data).sort());
          assert.deepEqual(fieldNames(fieldOf(avroType, 'metadata')), Object.keys(event.metadata).sort());
        }), { numRuns: 25 });
      });

      it('registers a self-contained schema that keeps the timestamp-millis logical type', () => {
        const schema = JSON.stringify(avroSchemaOf(type));
        assert.match(schema, /"name":"EventMetadata"/);
        assert.match(schema, /"logicalType":"timestamp-millis"/);
      });
    });
  }

  it('every event round-trips through Avro binary into plain objects equal to the original', () => {
    fc.assert(fc.property(anyEventArbitrary, (event) => {
      const avroType = avroTypeOf(event.type);
      const decoded = toPlain(avroType.fromBuffer(avroType.toBuffer({ metadata: event.metadata, data: event.data })));
      assert.deepEqual(decoded, { metadata: event.metadata, data: event.data });
    }), { numRuns: 300 });
  });

  it('the message key is the aggregate id the event names', () => {
    fc.assert(fc.property(anyEventArbitrary, (event) => assert.equal(aggregateIdOf(event), event.metadata.aggregateId)), { numRuns: 100 });
  });
});
