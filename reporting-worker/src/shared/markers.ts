/**
 * A document counts contributions of many aggregates (a location's items, a time bucket's moves),
 * so the runner's version check cannot tell whether a replayed event already reached it: a crash
 * between the write-back and the checkpoints replays the unit's events. So every such document
 * lists the events it has counted in `applied`, until the sweeper removes them once the
 * checkpoints have passed the event (from then on the runner skips a redelivery by version).
 */
export interface Guarded {
  _id: string;
  applied?: string[];
}

/** `change` of `doc` (a new one if absent), marked as having counted the event; unchanged if it already has (a replay). */
export function counted<D extends Guarded>(doc: D | null, id: string, eventId: string, change: (doc: D) => D): D {
  if (doc?.applied?.includes(eventId)) return doc;
  const changed = change(doc ?? ({ _id: id } as D));
  return { ...changed, applied: [...(doc?.applied ?? []), eventId] };
}

/** `counters` with `n` added to `key` (a counter that reaches zero stays, as an `$inc` leaves it). */
export const plus = (counters: Record<string, number> | undefined, key: string, n: number): Record<string, number> => ({ ...counters, [key]: (counters?.[key] ?? 0) + n });
