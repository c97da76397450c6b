import type { Collection, Db, Document } from 'mongodb';

const GENERATIONS = 'projection_generations';

export const collectionName = (projection: string, base: string, generation: number): string => `${projection}_${base}_g${generation}`;

/**
 * A projection's collections in one generation. A rebuild fills generation n+1 from the start of
 * the topics while everyone keeps using generation n, then flips the pointer: the swap is one
 * single-document write, which FerretDB (no transactions, no renameCollection dropTarget) can do.
 */
export class ReadModelSpace {
  constructor(readonly db: Db, readonly projection: string, readonly generation: number) {}

  collection<T extends Document = Document>(base: string): Collection<T> {
    return this.db.collection<T>(collectionName(this.projection, base, this.generation));
  }
}

interface GenerationPointer {
  _id: string;
  generation: number;
  activatedAt: Date;
}

/** The generation queries read and live runners write; 1 until a rebuild has flipped it. */
export async function activeGeneration(db: Db, projection: string): Promise<number> {
  const pointer = await db.collection<GenerationPointer>(GENERATIONS).findOne({ _id: projection });
  return pointer?.generation ?? 1;
}

export async function activateGeneration(db: Db, projection: string, generation: number): Promise<void> {
  await db.collection<GenerationPointer>(GENERATIONS).updateOne({ _id: projection }, { $set: { generation, activatedAt: new Date() } }, { upsert: true });
}

export async function dropGeneration(db: Db, projection: string, generation: number): Promise<void> {
  const suffix = `_g${generation}`;
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const owned = collections.map(({ name }) => name).filter((name) => name.startsWith(`${projection}_`) && name.endsWith(suffix));
  await Promise.all(owned.map((name) => db.dropCollection(name)));
}

/**
 * The active space as seen by a long-running reader, re-read at most every `refreshMs`
 * (so a flip reaches every query-service instance within that time without a query per request).
 */
export class ActiveSpace {
  private cached: { space: ReadModelSpace; readAt: number } | undefined;

  constructor(private readonly db: Db, private readonly projection: string, private readonly refreshMs = 1000) {}

  async current(): Promise<ReadModelSpace> {
    if (!this.cached || Date.now() - this.cached.readAt > this.refreshMs) {
      const generation = await activeGeneration(this.db, this.projection);
      this.cached = { space: this.cached?.space.generation === generation ? this.cached.space : new ReadModelSpace(this.db, this.projection, generation), readAt: Date.now() };
    }
    return this.cached.space;
  }
}
