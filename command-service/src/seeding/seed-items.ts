import type { ItemMoved, ItemRegistered } from '@inventory/contracts';
import { evolveItem, identifierClaims } from '../items/decider.js';
import type { ClaimDocument, ItemDocument, WriteModel } from '../store/documents.js';

/** A seeded item's events, as the command service would have published them. */
export interface SeededItem {
  registration: ItemRegistered;
  moves: readonly ItemMoved[];
}

/** Documents per insertMany (FerretDB takes ~25,000 documents/s this way, ~1,000/s one by one). */
const SEED_BATCH = 5000;

/**
 * The item's write-model document after its events, folded by the slice's own evolve, published
 * (empty outbox) and settled (no holds or marks in flight), as if every command had been sent.
 */
export function seededItemDocument({ registration, moves }: SeededItem): ItemDocument {
  let state = evolveItem(null, registration);
  for (const move of moves) state = evolveItem(state, move);
  const { id, ...fields } = state!;
  const version = 1 + moves.length;
  return {
    _id: id, revision: version, version, outbox: [], deleted: false,
    createdAt: new Date(registration.metadata.occurredAt), updatedAt: new Date((moves.at(-1) ?? registration).metadata.occurredAt),
    ...fields, pendingChildren: [], recentOps: [],
  };
}

/**
 * Writes items straight into the write model, batch by batch: their documents, the claims of
 * their serial numbers and barcodes, then each location's occupancy and each item type's usage
 * raised by what was seeded there. For load benchmarks at a size that registering through the API
 * (tens of commands/s on the local store) cannot reach; nothing is published, so the read models
 * are seeded with the same histories separately. The locations and item types must exist.
 */
export async function seedItems(model: WriteModel, items: Iterable<SeededItem>, onBatch: (written: number) => void = () => undefined): Promise<number> {
  const occupancy = new Map<string, number>();
  const usage = new Map<string, number>();
  let written = 0;
  let batch: ItemDocument[] = [];
  const flush = async (): Promise<void> => {
    const claims: ClaimDocument[] = batch.flatMap((doc) => identifierClaims(doc).map(({ claim }) => ({ _id: claim, ownerId: doc._id })));
    await Promise.all([
      model.items.insertMany(batch, { ordered: false }),
      claims.length > 0 ? model.claims.insertMany(claims, { ordered: false }) : undefined,
    ]);
    written += batch.length;
    batch = [];
    onBatch(written);
  };
  for (const item of items) {
    const doc = seededItemDocument(item);
    occupancy.set(doc.locationId!, (occupancy.get(doc.locationId!) ?? 0) + 1);
    usage.set(doc.itemTypeId, (usage.get(doc.itemTypeId) ?? 0) + 1);
    batch.push(doc);
    if (batch.length === SEED_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  const raise = (counts: Map<string, number>, field: 'occupancy' | 'usage') =>
    [...counts].map(([_id, n]) => ({ updateOne: { filter: { _id, deleted: false }, update: { $inc: { [field]: n, revision: 1 } } } }));
  const [locations, itemTypes] = await Promise.all([
    occupancy.size > 0 ? model.locations.bulkWrite(raise(occupancy, 'occupancy'), { ordered: false }) : undefined,
    usage.size > 0 ? model.itemTypes.bulkWrite(raise(usage, 'usage'), { ordered: false }) : undefined,
  ]);
  if ((locations?.matchedCount ?? 0) !== occupancy.size || (itemTypes?.matchedCount ?? 0) !== usage.size) throw new Error('seeded items name locations or item types that do not exist');
  return written;
}
