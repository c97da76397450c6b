import { ProblemError, type InventoryEvent } from '@inventory/contracts';
import type { Decision, EventDraft } from '../domain/decision.js';
import type { AggregateCollectionName, WriteModel } from './documents.js';
import type { CommandContext } from './stamp.js';

/** What a command handler works with: the write model and the relay's wake-up call. */
export interface CommandStore {
  model: WriteModel;
  /**
   * Tells the outbox relay that this document has new events waiting, so it publishes them now;
   * `forgettable` resolves to the heldOps the document may drop once the command's holds are
   * settled ([] if settling failed), which the relay's pull of the published events then takes along.
   */
  wake(family: AggregateCollectionName, id: string, forgettable?: Promise<readonly string[]>): void;
}

/** A command handler; by default it answers with the events it committed. */
export type Handler<C, R = InventoryEvent[]> = (store: CommandStore, command: C, context: CommandContext) => Promise<R>;

/** A refused decision leaves the handler as the catalog error it names; nothing was written. */
export function accepted<E extends EventDraft>(decision: Decision<E>): E[] {
  if (!decision.ok) throw new ProblemError(decision.code, decision.detail);
  return decision.events;
}

/** The last few operation ids an item committed (bounded, so the document does not grow). */
export const withRecentOp = (recentOps: readonly string[] | undefined, op: string): string[] => [...(recentOps ?? []).slice(-7), op];

