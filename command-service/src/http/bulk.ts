import { MAX_TOKEN_POSITIONS, ProblemError, encodeConsistencyToken, type AggregatePosition, type BulkMoveOutcome, type BulkMoveResult, type ItemMoved, type MoveRequest } from '@inventory/contracts';
import { moveDistinctItems } from '../moves/batch.js';
import { movePositions } from '../moves/handler.js';
import { takeRound } from '../moves/batcher.js';
import { CommitWindowClosed } from '../store/command-mark.js';
import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import { moveOf } from './resources.js';

/** Moves written together per round: one bulk write each, small enough to leave room for other requests. */
const ROUND_SIZE = 500;

/**
 * What the read side must have applied for the caller to see this request's effect: the moved
 * items' new versions or, when nothing moved, the versions the refusals were judged against.
 */
async function positionsToAwait(store: CommandStore, moved: readonly AggregatePosition[], refusedItemIds: readonly string[]): Promise<AggregatePosition[]> {
  if (moved.length > 0) return moved.slice(0, MAX_TOKEN_POSITIONS);
  const known = await store.model.items.find({ _id: { $in: [...new Set(refusedItemIds)] } }, { projection: { version: 1 } }).toArray();
  if (known.length === 0) throw new ProblemError('ITEM_NOT_FOUND', `none of the ${refusedItemIds.length} item(s) exists`);
  return known.map((item) => ({ aggregateId: item._id, aggregateVersion: item.version }));
}

/**
 * Per-item outcomes, not all-or-nothing: a scanner's batch should not fail because one bay is
 * full. Each round moves the next pending move of every item together (see moveDistinctItems), so
 * moves of the same item run in request order.
 */
export async function bulkMove(store: CommandStore, moves: readonly MoveRequest[], context: CommandContext): Promise<BulkMoveResult> {
  const pending = moves.map(({ itemId, toLocationId, reason }, index) => ({ index, command: { itemId, toLocationId, reason: reason ?? null }, context }));
  const results: BulkMoveOutcome[] = new Array(moves.length);
  const moved: AggregatePosition[] = [];
  while (pending.length > 0) {
    const round = takeRound(pending, ROUND_SIZE);
    const outcomes = await moveDistinctItems(store, round);
    round.forEach(({ index, command }, n) => {
      const outcome = outcomes[n]!;
      if (outcome instanceof CommitWindowClosed) throw outcome;
      if (outcome instanceof ProblemError) {
        results[index] = { index, outcome: 'REJECTED', itemId: command.itemId, problem: outcome.toProblem() };
      } else {
        moved.push(...movePositions(outcome));
        results[index] = { index, outcome: 'MOVED', move: moveOf(outcome.events[0] as ItemMoved) };
      }
    });
  }
  const refused = results.flatMap((result) => (result.outcome === 'REJECTED' ? [result.itemId] : []));
  return { results, consistencyToken: encodeConsistencyToken(await positionsToAwait(store, moved, refused)) };
}
