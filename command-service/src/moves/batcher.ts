import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import { moveDistinctItems, type MoveOutcome, type MoveRequestOf } from './batch.js';
import type { MoveItem } from './decider.js';
import type { Moved } from './handler.js';

interface Waiting extends MoveRequestOf {
  settle(outcome: MoveOutcome | Error): void;
}

/**
 * Takes the first waiting move of each item, in arrival order, up to `limit`; a later move of an
 * item already taken waits for the next round, so moves of one item stay in order.
 */
export function takeRound<T extends { command: { itemId: string } }>(waiting: T[], limit: number): T[] {
  const taken: T[] = [];
  const items = new Set<string>();
  for (let index = 0; index < waiting.length && taken.length < limit;) {
    const next = waiting[index]!;
    if (items.has(next.command.itemId)) {
      index += 1;
      continue;
    }
    items.add(next.command.itemId);
    taken.push(next);
    waiting.splice(index, 1);
  }
  return taken;
}

/**
 * Group commit for single moves: the moves that arrive while a round is being written go together
 * in the next round, so under load many moves share each store round trip, and a lone move on an
 * idle service goes at once.
 */
export class MoveBatcher {
  private readonly waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly store: CommandStore, private readonly limit = 256) {}

  move(command: MoveItem, context: CommandContext): Promise<Moved> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ command, context, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const round = takeRound(this.waiting, this.limit);
        const outcomes = await moveDistinctItems(this.store, round).catch((error: unknown) => round.map(() => (error instanceof Error ? error : new Error(String(error)))));
        round.forEach((waiting, index) => waiting.settle(outcomes[index]!));
      }
    } finally {
      this.running = false;
    }
  }
}
