import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '@inventory/platform';
import { WriteConflict } from '../store/aggregate.js';
import { releaseClaims } from '../store/claims.js';
import type { WriteModel } from '../store/documents.js';

const TREE_LOCK = 'lock:location-tree';

/** A lock older than this belongs to a request that died (re-parenting takes milliseconds). */
export const STALE_TREE_LOCK_MS = 30_000;

/**
 * Runs `work` while no other re-parenting runs. Two moves in the tree, each checked against the
 * tree as it was (A under B, B under A), could together close a cycle that neither check saw;
 * one at a time, each sees the other's result. Re-parenting is rare, so one lock document for the
 * whole tree costs nothing; a busy lock is a WriteConflict, which the handler retries.
 */
export async function withTreeLock<T>(model: WriteModel, work: () => Promise<T>, now = Date.now): Promise<T> {
  const ownerId = randomUUID();
  try {
    await model.claims.insertOne({ _id: TREE_LOCK, ownerId, at: now() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await model.claims.deleteOne({ _id: TREE_LOCK, at: { $lt: now() - STALE_TREE_LOCK_MS } });
    throw new WriteConflict('another location is being moved in the tree');
  }
  try {
    return await work();
  } finally {
    await releaseClaims(model, ownerId, [TREE_LOCK]);
  }
}
