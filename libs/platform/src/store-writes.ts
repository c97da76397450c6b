import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { Counter, Registry } from 'prom-client';

/** The statements of each write command, by the field that carries them (findAndModify is one). */
const STATEMENTS: Record<string, string | undefined> = { insert: 'documents', update: 'updates', delete: 'deletes', findAndModify: undefined };

/** A projection's generation suffix (`query_items_g3`): the label names the collection, not its generation. */
const baseName = (collection: string): string => collection.replace(/_g\d+$/, '');

/**
 * Counts the document writes this service asks the store for, per collection, from the driver's
 * command monitoring (the client needs `monitorCommands`): one per inserted document and per
 * update or delete statement, so a bulk write of 500 counts 500. Writes are what the local store is
 * slowest at (each is a document rewrite), so this is the cost of a move that the benchmarks print.
 * Returns the registry counted into (a private one unless given).
 */
export function countStoreWrites(client: MongoClient, registry = new Registry()): Registry {
  const writes = (registry.getSingleMetric('store_writes_total') as Counter<'collection'> | undefined)
    ?? new Counter({ name: 'store_writes_total', help: 'Document writes asked of the store (inserted documents, update and delete statements), per collection', labelNames: ['collection'], registers: [registry] });
  client.on('commandStarted', ({ commandName, command }: CommandStartedEvent) => {
    if (!(commandName in STATEMENTS)) return;
    const field = STATEMENTS[commandName];
    const statements = field === undefined ? 1 : (command[field] as unknown[] | undefined)?.length ?? 0;
    writes.inc({ collection: baseName(String(command[commandName])) }, statements);
  });
  return registry;
}

/** Sums `store_writes_total` over its collections, as a benchmark reads it before and after a phase. */
export async function storeWritesOf(registry: Registry): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric('store_writes_total');
  if (!metric) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map(({ labels, value }) => [String(labels.collection), value]));
}
