import type { ItemRegistered } from '@inventory/contracts';
import type { ReadModelSpace } from '@inventory/projection';
import { bucketOf, contents, contentsId } from '../contents/contents-index.js';
import { items } from '../items/item-doc.js';
import { itemKeys } from '../items/item-keys.js';
import { stayBuckets } from '../timeline/stay-buckets.js';
import { timeline } from '../timeline/timeline-projection.js';
import { historyDocs, type ItemHistory } from './registrations.js';

/** Documents per insertMany: FerretDB takes ~25,000 documents/s this way, ~1,000/s one by one. */
export const SEED_BATCH = 5000;

/** Registrations alone (see seedHistories). */
export function seedRegistrations(space: ReadModelSpace, events: Iterable<ItemRegistered>, onBatch: (written: number) => void = () => undefined): Promise<number> {
  return seedHistories(space, (function* () {
    for (const registration of events) yield { registration, moves: [] };
  })(), onBatch);
}

/**
 * Writes the read-model documents of each item's history straight into `space` (whose projection
 * setup has run), batch by batch (a batch ends at SEED_BATCH timeline rows), as if the projection
 * had applied them: seeding a million items through
 * Kafka and the projection would take hours on the local store. Nothing is published, so a
 * rebuild from the topics drops what was seeded.
 */
export async function seedHistories(space: ReadModelSpace, histories: Iterable<ItemHistory>, onBatch: (written: number) => void = () => undefined): Promise<number> {
  let written = 0;
  let batch: ItemHistory[] = [];
  let rows = 0;
  const flush = async (): Promise<void> => {
    const docs = batch.map(historyDocs);
    const sealed = docs.flatMap((d) => d.stayBuckets);
    // One document per key: the seeded identifiers are unique (registrations derives them from the item id).
    const keys = docs.flatMap((d) => d.keys);
    // Side by side: the store converts one batch while it writes another (~25% faster than in turn).
    await Promise.all([
      items(space).insertMany(docs.map((d) => d.item), { ordered: false }),
      timeline(space).insertMany(docs.flatMap((d) => d.timelineRows), { ordered: false }),
      sealed.length > 0 && stayBuckets(space).insertMany(sealed, { ordered: false }),
      keys.length > 0 && itemKeys(space).insertMany(keys, { ordered: false }),
    ]);
    const byContents = new Map<string, Record<string, unknown>>();
    for (const { entry: { locationId, itemId, entry } } of docs) {
      const id = contentsId(locationId, bucketOf(itemId));
      const fields = byContents.get(id) ?? {};
      fields[`items.${itemId}`] = entry;
      byContents.set(id, fields);
    }
    // One unordered bulk write: after moves, a batch's items end in hundreds of buckets (one round trip each took most of the time).
    await contents(space).bulkWrite([...byContents].map(([_id, fields]) => ({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } })), { ordered: false });
    written += batch.length;
    batch = [];
    rows = 0;
    onBatch(written);
  };
  for (const history of histories) {
    batch.push(history);
    rows += 1 + history.moves.length;
    if (rows >= SEED_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}
