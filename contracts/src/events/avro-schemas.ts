import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { AVRO_NAMESPACE } from './catalog.js';
import type { InventoryEventType } from './types.js';

/** The .avsc files ship next to src/ and dist/, so this path holds for both. */
const AVRO_DIR = new URL('../../avro/', import.meta.url);
const ENVELOPE_NAME = `${AVRO_NAMESPACE}.EventMetadata`;

interface RecordSchema { type: 'record'; name: string; fields: { name: string; type: unknown }[] }

function readAvsc(name: string): RecordSchema {
  return JSON.parse(readFileSync(new URL(`${name}.avsc`, AVRO_DIR), 'utf8')) as RecordSchema;
}

const envelope = readAvsc('EventMetadata');
const schemas = new Map<InventoryEventType, RecordSchema>();
const types = new Map<InventoryEventType, avro.Type>();

/**
 * The self-contained schema that is registered and published: the shared envelope inlined as JSON
 * (not through avsc's schema(), which drops logicalType attributes it has no implementation for).
 */
export function avroSchemaOf(type: InventoryEventType): avro.Schema {
  let schema = schemas.get(type);
  if (!schema) {
    const event = readAvsc(type);
    schema = { ...event, fields: event.fields.map((field) => (field.type === ENVELOPE_NAME ? { ...field, type: envelope } : field)) };
    schemas.set(type, schema);
  }
  return schema as avro.Schema;
}

export function avroTypeOf(type: InventoryEventType): avro.Type {
  let parsed = types.get(type);
  if (!parsed) {
    parsed = avro.Type.forSchema(avroSchemaOf(type));
    types.set(type, parsed);
  }
  return parsed;
}
