import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@inventory/contracts';
import type { World } from '../domain/state.js';
import type { AggregateDocument } from './documents.js';

/** What one commit writes, as the command that made it answers from it: its events, the document as written, and the state it decided on. */
export interface Committed<D extends AggregateDocument = AggregateDocument, S = unknown> {
  events: InventoryEvent[];
  document: D;
  view: { world: World };
  after: S | null;
}

/** A request's answer: status and body (also a refusal's problem). */
export interface StoredResponse {
  status: number;
  body: unknown;
}

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
  /**
   * A command of one commit builds its answer from that commit; the answer is then written with it
   * (`commandAnswers`), so a retry after a crash replays it instead of learning only that it committed.
   */
  answerOf?: (committed: Committed) => StoredResponse;
  /** The answers written with commits, as written (dropped with the marks). */
  answers: Set<string>;
  /** Whether the process still holds the key (its lease, http/holder-lease.ts): no commit once it may have been taken over. */
  alive?: (now: number) => boolean;
}

export const newCommandMark = (commitBy: number, { answerOf, alive }: Pick<CommandMark, 'answerOf' | 'alive'> = {}): CommandMark =>
  ({ id: randomUUID(), commitBy, marked: new Set(), answers: new Set(), ...(answerOf && { answerOf }), ...(alive && { alive }) });

export class CommitWindowClosed extends Error {}

// Events are stamped from the request's context and handed to the commit with no context of their own;
// this ties them to their attempt's mark without threading it through every handler.
const markOfEvent = new WeakMap<object, CommandMark>();

export function markEvents(events: readonly object[], mark: CommandMark | undefined): void {
  if (mark) for (const event of events) markOfEvent.set(event, mark);
}

/** The text a commit stores its attempt's answer as: the mark's id, a space, the answer's JSON (strings match exactly in `$pullAll`). */
export const encodeAnswer = (markId: string, response: StoredResponse): string => `${markId} ${JSON.stringify(response)}`;

/** The answer `markId` stored among a document's `commandAnswers`, with its text as stored. */
export function answerOfMark(markId: string, answers: readonly string[] | undefined): { text: string; response: StoredResponse } | undefined {
  const text = answers?.find((candidate) => candidate.startsWith(`${markId} `));
  return text === undefined ? undefined : { text, response: JSON.parse(text.slice(markId.length + 1)) as StoredResponse };
}

/** What a commit adds for its Idempotency-Key attempt: the mark, and the answer when the command answers from this one commit. */
export interface CommitMark {
  mark: string;
  answer?: string;
}

/**
 * The mark (and answer) the commit of `events` into document `id` must carry (undefined: not under
 * an Idempotency-Key); `committed` is what the commit writes, to build the answer from. Refuses once
 * the attempt's commit window has closed: a retry may own the key now.
 */
export function commitMarkOf(events: readonly object[], id: string, committed?: () => Committed, now = Date.now()): CommitMark | undefined {
  const mark = events.length > 0 ? markOfEvent.get(events[0]!) : undefined;
  if (!mark) return undefined;
  if (now > mark.commitBy) throw new CommitWindowClosed(`the Idempotency-Key attempt ${mark.id} is past its commit window; a retry may have taken the key over`);
  if (mark.alive && !mark.alive(now)) throw new CommitWindowClosed(`the lease of this process lapsed (renewals failed or it was paused); a retry may have taken the Idempotency-Key over from attempt ${mark.id}`);
  mark.marked.add(id);
  if (!mark.answerOf || !committed) return { mark: mark.id };
  const answer = encodeAnswer(mark.id, mark.answerOf(committed()));
  mark.answers.add(answer);
  return { mark: mark.id, answer };
}
