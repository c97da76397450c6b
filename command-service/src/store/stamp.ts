import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@inventory/contracts';
import type { EventDraft } from '../domain/decision.js';
import { markEvents, type CommandMark } from './command-mark.js';

/** Who asked and in which request: becomes every event's actor and correlation id. */
export interface CommandContext {
  actorId: string;
  correlationId: string;
  /** Set when the request runs under an Idempotency-Key: its commits carry this mark. */
  mark?: CommandMark;
}

/** Gives decided events their envelope; versions continue the aggregate's sequence. */
export function stamp(drafts: readonly EventDraft[], aggregateId: string, previousVersion: number, context: CommandContext, now = Date.now()): InventoryEvent[] {
  const events = drafts.map((draft, index) => ({
    ...draft,
    metadata: {
      eventId: randomUUID(),
      eventType: draft.type,
      aggregateId,
      aggregateVersion: previousVersion + index + 1,
      occurredAt: now,
      actorId: context.actorId,
      correlationId: context.correlationId,
      causationId: null,
    },
  }) as InventoryEvent);
  markEvents(events, context.mark);
  return events;
}
