import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, Document, MongoClient } from 'mongodb';
import { Counter, Registry } from 'prom-client';

/** The statements of each write command, by the field that carries them (findAndModify is one). */
const STATEMENTS: Record<string, string | undefined> = { insert: 'documents', update: 'updates', delete: 'deletes', findAndModify: undefined };

/** A projection's generation suffix (`query_items_g3`): the label names the collection, not its generation. */
const baseName = (collection: string): string => collection.replace(/_g\d+$/, '');

/** The documents a write command's reply says it inserted, modified, upserted or deleted. */
export function documentsChangedBy(commandName: string, reply: Document): number {
  switch (commandName) {
    case 'update':
      return Number(reply.nModified ?? 0) + ((reply.upserted as unknown[] | undefined)?.length ?? 0);
    case 'findAndModify':
      return Number((reply.lastErrorObject as Document | undefined)?.n ?? 0);
    default:
      return Number(reply.n ?? 0);
  }
}

const counter = (registry: Registry, name: string, help: string): Counter<'collection'> =>
  (registry.getSingleMetric(name) as Counter<'collection'> | undefined) ?? new Counter({ name, help, labelNames: ['collection'], registers: [registry] });

/**
 * Counts the writes this service asks of the store, per collection, from the driver's command
 * monitoring (the client needs `monitorCommands`). `store_writes_total`: one per inserted document
 * and per update or delete statement, so a bulk write of 500 counts 500. `store_documents_written_total`:
 * the documents the store says those changed, so an `updateMany` counts every document it rewrote.
 * Writes are what the local store is slowest at (each changed document is a rewrite), so these are
 * the cost of a move that the benchmarks print. Returns the registry counted into (a private one unless given).
 */
export function countStoreWrites(client: MongoClient, registry = new Registry()): Registry {
  const writes = counter(registry, 'store_writes_total', 'Document writes asked of the store (inserted documents, update and delete statements), per collection');
  const written = counter(registry, 'store_documents_written_total', 'Documents the store reports as inserted, modified, upserted or deleted, per collection');
  const collections = new Map<number, string>();
  client.on('commandStarted', ({ commandName, command, requestId }: CommandStartedEvent) => {
    if (!(commandName in STATEMENTS)) return;
    const field = STATEMENTS[commandName];
    const statements = field === undefined ? 1 : (command[field] as unknown[] | undefined)?.length ?? 0;
    const collection = baseName(String(command[commandName]));
    writes.inc({ collection }, statements);
    collections.set(requestId, collection);
  });
  client.on('commandSucceeded', ({ commandName, reply, requestId }: CommandSucceededEvent) => {
    const collection = collections.get(requestId);
    if (collection === undefined) return;
    collections.delete(requestId);
    written.inc({ collection }, documentsChangedBy(commandName, reply as Document));
  });
  client.on('commandFailed', ({ requestId }: CommandFailedEvent) => void collections.delete(requestId));
  return registry;
}

/** `store_writes_total` (or `store_documents_written_total`) per collection, as a benchmark reads it before and after a phase. */
export async function storeWritesOf(registry: Registry, name: 'store_writes_total' | 'store_documents_written_total' = 'store_writes_total'): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map(({ labels, value }) => [String(labels.collection), value]));
}
