import pLimit from 'p-limit';
import { ProblemError, encodeConsistencyToken, type AggregatePosition, type BulkMoveOutcome, type BulkMoveResult, type ItemMoved, type MoveRequest } from '@inventory/contracts';
import { moveItem } from '../moves/handler.js';
import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import { moveOf } from './resources.js';

/** Moves of one bulk request run side by side, bounded so one request cannot starve the others. */
const BULK_CONCURRENCY = 16;

/**
 * What the read side must have applied for the caller to see this request's effect: the moved
 * items' new versions or, when nothing moved, the versions the refusals were judged against.
 */
async function positionsToAwait(store: CommandStore, moved: readonly ItemMoved[], refusedItemIds: readonly string[]): Promise<AggregatePosition[]> {
  if (moved.length > 0) return moved.map(({ metadata }) => metadata);
  const known = await store.model.items.find({ _id: { $in: [...new Set(refusedItemIds)] } }, { projection: { version: 1 } }).toArray();
  if (known.length === 0) throw new ProblemError('ITEM_NOT_FOUND', `none of the ${refusedItemIds.length} item(s) exists`);
  return known.map((item) => ({ aggregateId: item._id, aggregateVersion: item.version }));
}

/**
 * Per-item outcomes, not all-or-nothing: a scanner's batch should not fail because one bay is
 * full. Moves of the same item run in request order; different items run in parallel.
 */
export async function bulkMove(store: CommandStore, moves: readonly MoveRequest[], context: CommandContext): Promise<BulkMoveResult> {
  const limit = pLimit(BULK_CONCURRENCY);
  const moved: ItemMoved[] = [];
  const attempt = async ({ itemId, toLocationId, reason }: MoveRequest, index: number): Promise<BulkMoveOutcome> => {
    try {
      const event = await moveItem(store, { itemId, toLocationId, reason: reason ?? null }, context);
      moved.push(event);
      return { index, outcome: 'MOVED', move: moveOf(event) };
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return { index, outcome: 'REJECTED', itemId, problem: error.toProblem() };
    }
  };
  const previousOfItem = new Map<string, Promise<unknown>>();
  const results = await Promise.all(moves.map((move, index) => {
    const outcome = (previousOfItem.get(move.itemId) ?? Promise.resolve()).then(() => limit(() => attempt(move, index)));
    previousOfItem.set(move.itemId, outcome);
    return outcome;
  }));
  const refused = results.flatMap((result) => (result.outcome === 'REJECTED' ? [result.itemId] : []));
  return { results, consistencyToken: encodeConsistencyToken(await positionsToAwait(store, moved, refused)) };
}
