import { isDuplicateKey } from '@inventory/platform';
import type { ItemDocument, WriteModel } from './documents.js';
import { forgetHeldOps, settle, undo, type Hold } from './holds.js';
import { PENDING_HOLDS } from './indexes.js';

/** A hold older than this belongs to a request that died (requests finish in milliseconds). */
export const STALE_HOLD_MS = 60_000;

/**
 * Makes sure operation `hold.op` can never commit any more, unless it already has: bumps the
 * item's revision (its commit is conditional on the old one) or, for a registration that never
 * inserted its item, takes the id with a tombstone. Returns whether the op committed.
 */
export async function fenceOff(model: WriteModel, hold: Pick<Hold, 'op' | 'itemId'>): Promise<boolean> {
  const fenced = await model.items.updateOne({ _id: hold.itemId, recentOps: { $ne: hold.op }, heldOps: { $ne: hold.op } }, { $inc: { revision: 1 } });
  if (fenced.matchedCount === 1) return false;
  try {
    await model.items.insertOne({ _id: hold.itemId, deleted: true, revision: 1, version: 0, outbox: [], recentOps: [] } as unknown as ItemDocument);
    return false;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // The item exists, so the first update did not match because it committed the op.
    return true;
  }
}

/**
 * Finishes what a crashed request left between reserving room and settling it: a committed move
 * frees the slots it left, an uncommitted one gives back the slots it reserved. settle/undo only
 * act if they remove the hold, so a sweep racing the (slow, not dead) request never counts twice.
 */
export async function sweepStaleHolds(model: WriteModel, now = Date.now(), staleMs = STALE_HOLD_MS): Promise<number> {
  const locations = await model.locations.find(PENDING_HOLDS, { projection: { holds: 1 } }).toArray();
  let resolved = 0;
  for (const location of locations) {
    for (const encoded of location.holds) {
      const hold = JSON.parse(encoded) as Hold;
      if (now - hold.at < staleMs) continue;
      if (await fenceOff(model, hold)) {
        await settle(model, location._id, [hold]);
        await forgetHeldOps(model, [hold]);
      } else await undo(model, location._id, hold);
      resolved += 1;
    }
  }
  return resolved;
}
