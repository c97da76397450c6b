import type { ErrorCode, InventoryEvent } from '@inventory/contracts';

/** An event as decided, before the store stamps its metadata (ids, versions, actor, time). */
export type EventDraft = InventoryEvent extends infer E ? (E extends InventoryEvent ? Pick<E, 'type' | 'data'> : never) : never;

export interface Rejection {
  ok: false;
  code: ErrorCode;
  detail: string;
}

export type Decision<E extends EventDraft = EventDraft> = { ok: true; events: E[] } | Rejection;

export const accept = <E extends EventDraft>(...events: E[]): Decision<E> => ({ ok: true, events });
export const reject = (code: ErrorCode, detail: string): Rejection => ({ ok: false, code, detail });
