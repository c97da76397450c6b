import { WriteConflict } from '../store/aggregate.js';
import type { ItemDocument, WriteModel } from '../store/documents.js';
import { fenceOff, STALE_HOLD_MS } from '../store/stale-holds.js';

/** What a parent carries while a child joins or leaves it (see handler.ts). */
export interface PendingChild {
  op: string;
  childId: string;
  at: number;
}

/**
 * Finishes or abandons one assignment whose request died between marking the parent and updating
 * its children. The child's commit decides: the op is fenced off first (it can no longer commit
 * late); if it had committed, the parent's children follow the child's parentId, as the request
 * would have done; the entry goes either way. Acts only if the entry is still there.
 */
async function resolve(model: WriteModel, parentId: string, encoded: string): Promise<void> {
  const { op, childId } = JSON.parse(encoded) as PendingChild;
  const committed = await fenceOff(model, { op, itemId: childId });
  const child = committed ? await model.items.findOne({ _id: childId }) : null;
  const ref = child && { id: child._id, itemTypeId: child.itemTypeId };
  const update = !ref ? { $pull: { pendingChildren: encoded } }
    : child.parentId === parentId ? { $pull: { pendingChildren: encoded }, $push: { children: ref } }
      : { $pull: { pendingChildren: encoded, children: ref } };
  await model.items.updateOne({ _id: parentId, pendingChildren: encoded }, { ...update, $inc: { revision: 1 } });
}

/**
 * Refuses to go on while `item` has an assignment in flight (WriteConflict: the caller retries).
 * Entries older than a request can live are resolved on the spot, so a request that died mid-way
 * blocks its parent for a minute, not for ever, without a sweep scanning every item.
 */
export async function requireNoPendingChildren(model: WriteModel, item: ItemDocument, now = Date.now()): Promise<void> {
  if (item.pendingChildren.length === 0) return;
  const stale = item.pendingChildren.filter((encoded) => now - (JSON.parse(encoded) as PendingChild).at >= STALE_HOLD_MS);
  for (const encoded of stale) await resolve(model, item._id, encoded);
  throw new WriteConflict(stale.length > 0 ? `item ${item._id}: resolved ${stale.length} abandoned assignment(s)` : `item ${item._id} has an assignment in flight`);
}
