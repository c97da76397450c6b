import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

/** An inventory event as any consumer sees it: the record name as type, then the record's two fields. */
export interface DecodedEvent {
  type: string;
  metadata: { eventId: string; eventType: string; aggregateId: string; aggregateVersion: number; occurredAt: number; [field: string]: unknown };
  data: Record<string, unknown>;
}

/** avsc hands out records as class instances; downstream code wants plain JSON-like objects. */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
  return value;
}

/**
 * Decodes Confluent-framed Avro values with nothing but the schema registry: the 4-byte schema id
 * after the magic byte names the writer's schema, whose record name (inventory.events.ItemMoved)
 * is the event type. New schema versions need no redeploy here: they are fetched by id.
 */
export function createEventDecoder(registryUrl: string): (value: Buffer) => Promise<DecodedEvent> {
  const registry = new SchemaRegistry({ host: registryUrl });
  return async (value) => {
    const schema = (await registry.getSchema(value.readInt32BE(1))) as unknown as { name: string };
    const { metadata, data } = toPlain(await registry.decode(value)) as Omit<DecodedEvent, 'type'>;
    return { type: schema.name.split('.').pop()!, metadata, data };
  };
}
