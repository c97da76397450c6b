import { WriteConflict } from '../store/aggregate.js';
import type { ItemDocument, WriteModel } from '../store/documents.js';
import type { Protocol } from '../store/protocols.js';
import { fenceOff, STALE_HOLD_MS } from '../store/stale-holds.js';

/** What a parent carries while a child joins or leaves it (see handler.ts). */
export interface PendingChild {
  op: string;
  childId: string;
  at: number;
}

/**
 * Finishes or abandons one assignment whose request died between marking the parent and updating
 * its children. The op is fenced off first (it can no longer commit late); then the parent's
 * children follow the child's parentId as it now stands, which is what the request would have left
 * whether or not it committed. (Asking whether the op committed would need the child to remember
 * it: its recentOps keep only the last few, and a released child may have moved many times since.)
 * Nothing else changes the parent's children while the entry is there. Acts only if it still is.
 */
async function resolve(model: WriteModel, parent: ItemDocument, encoded: string): Promise<void> {
  const { op, childId } = JSON.parse(encoded) as PendingChild;
  await fenceOff(model, { op, itemId: childId });
  const child = await model.items.findOne({ _id: childId });
  const listed = parent.children.find((ref) => ref.id === childId);
  const belongs = child !== null && !child.deleted && child.parentId === parent._id;
  const update = belongs && !listed ? { $pull: { pendingChildren: encoded }, $push: { children: { id: child._id, itemTypeId: child.itemTypeId } } }
    : !belongs && listed ? { $pull: { pendingChildren: encoded, children: listed } }
      : { $pull: { pendingChildren: encoded } };
  await model.items.updateOne({ _id: parent._id, pendingChildren: encoded }, { ...update, $inc: { revision: 1 } });
}

/**
 * Refuses to go on while `item` has an assignment in flight (WriteConflict: the caller retries).
 * Entries older than a request can live are resolved on the spot, so a request that died mid-way
 * blocks its parent for a minute, not for ever, without a sweep scanning every item.
 */
export async function requireNoPendingChildren(model: WriteModel, item: ItemDocument, now = Date.now()): Promise<void> {
  if (item.pendingChildren.length === 0) return;
  const stale = item.pendingChildren.filter((encoded) => now - (JSON.parse(encoded) as PendingChild).at >= STALE_HOLD_MS);
  for (const encoded of stale) await resolve(model, item, encoded);
  throw new WriteConflict(stale.length > 0 ? `item ${item._id}: resolved ${stale.length} abandoned assignment(s)` : `item ${item._id} has an assignment in flight`);
}

/** The pending-assignment guard of a command on `item`: none in flight when it starts, none in the write that commits it. */
export const noPendingAssignment = (model: WriteModel, item: ItemDocument): Protocol => ({
  take: () => requireNoPendingChildren(model, item),
  require: { pendingChildren: { $size: 0 } },
});
