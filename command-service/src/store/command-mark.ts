import { randomUUID } from 'node:crypto';

/**
 * The commit marker of one attempt at an Idempotency-Key's command (see http/idempotency.ts). Every
 * document the attempt commits carries `id` in `commandMarks`, written by the same conditional
 * update as the state change and the outbox, so a retry can tell whether the attempt committed
 * even if it died before storing its answer. No commit of the attempt is sent after `commitBy`,
 * so a retry that takes the key over later cannot race a slow first attempt.
 */
export interface CommandMark {
  id: string;
  commitBy: number;
  /** Documents this attempt tried to commit: their marks are dropped once its answer is stored. */
  marked: Set<string>;
}

export const newCommandMark = (commitBy: number): CommandMark => ({ id: randomUUID(), commitBy, marked: new Set() });

export class CommitWindowClosed extends Error {}

// Events are stamped from the request's context and handed to the commit with no context of their own;
// this ties them to their attempt's mark without threading it through every handler.
const markOfEvent = new WeakMap<object, CommandMark>();

export function markEvents(events: readonly object[], mark: CommandMark | undefined): void {
  if (mark) for (const event of events) markOfEvent.set(event, mark);
}

/**
 * The mark the commit of `events` into document `id` must carry (undefined: not under an
 * Idempotency-Key). Refuses once the attempt's commit window has closed: a retry may own the key now.
 */
export function commitMarkOf(events: readonly object[], id: string, now = Date.now()): string | undefined {
  const mark = events.length > 0 ? markOfEvent.get(events[0]!) : undefined;
  if (!mark) return undefined;
  if (now > mark.commitBy) throw new CommitWindowClosed(`the Idempotency-Key attempt ${mark.id} is past its commit window; a retry may have taken the key over`);
  mark.marked.add(id);
  return mark.id;
}
