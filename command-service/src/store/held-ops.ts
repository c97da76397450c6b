import type { Collection } from 'mongodb';

/** What of an item document this needs (documents.ts's ItemDocument has it; named here so the two do not import each other). */
export interface OpsHolder {
  _id: string;
  revision: number;
  heldOps?: string[];
}

/** Whoever is about to rewrite an item anyway: the outbox relay, dropping the events it publishes. */
export interface ItemWriter {
  willWrite(itemId: string): boolean;
}

/** What one settled hold leaves on its item: the op that item no longer needs to remember. */
export interface SettledOp {
  itemId: string;
  op: string;
}

/**
 * Forgets the ops of settled holds on their items (the heldOps the stale-hold sweep reads). A
 * forgotten op costs its item a rewrite; but right after a commit the relay rewrites that item
 * anyway to drop the events it published, so an op settled before the relay got there rides in
 * the relay's write (`take`) instead of a write of its own. Ops only become due here after their
 * hold is off its location, as before, so the sweep never needs them; one lost in a crash before
 * the relay's write stays on the item, which is harmless (its op did commit).
 */
export class HeldOps {
  /** Ops waiting for the writer's next write of their item. */
  private readonly due = new Map<string, Set<string>>();
  private writer: ItemWriter | undefined;

  constructor(private readonly items: Collection<OpsHolder>) {}

  /** From now on, ops of items `writer` will write are dropped in that write. */
  writeAlongWith(writer: ItemWriter): void {
    this.writer = writer;
  }

  async forget(settled: readonly SettledOp[]): Promise<void> {
    const now: SettledOp[] = [];
    for (const entry of settled) {
      if (this.writer?.willWrite(entry.itemId)) this.due.set(entry.itemId, (this.due.get(entry.itemId) ?? new Set()).add(entry.op));
      else now.push(entry);
    }
    await forgetNow(this.items, now);
  }

  /** The writer is about to write these items: the ops due on them, which that write must pull (and bump the revision). */
  take(itemIds: readonly string[]): Map<string, string[]> {
    const taken = new Map<string, string[]>();
    for (const id of itemIds) {
      const ops = this.due.get(id);
      if (!ops) continue;
      taken.set(id, [...ops]);
      this.due.delete(id);
    }
    return taken;
  }

  /** A write that took ops failed: they are due again. */
  giveBack(taken: ReadonlyMap<string, readonly string[]>): void {
    for (const [id, ops] of taken) for (const op of ops) this.due.set(id, (this.due.get(id) ?? new Set()).add(op));
  }

  /** Writes at once what is due on these items (all of them if none are named): the writer will not write them after all. */
  async flush(itemIds?: readonly string[]): Promise<void> {
    const taken = this.take(itemIds ?? [...this.due.keys()]);
    await forgetNow(this.items, [...taken].flatMap(([itemId, ops]) => ops.map((op) => ({ itemId, op }))));
  }
}

/**
 * Drops the ops from their items in one statement. The revision bump makes a commit that read the
 * old heldOps retry instead of writing them back.
 */
export async function forgetNow(items: Collection<OpsHolder>, settled: readonly SettledOp[]): Promise<void> {
  if (settled.length === 0) return;
  const ops = [...new Set(settled.map(({ op }) => op))];
  await items.updateMany({ _id: { $in: [...new Set(settled.map(({ itemId }) => itemId))] }, heldOps: { $in: ops } }, { $pullAll: { heldOps: ops }, $inc: { revision: 1 } });
}
