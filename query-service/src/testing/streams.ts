import { randomUUID } from 'node:crypto';
import type { EventMetadata, InventoryEvent } from '@inventory/contracts';
import fc from 'fast-check';

/** Metadata of version `version` of `aggregateId`, `version` seconds after a fixed start. */
export const metadataOf = (eventType: InventoryEvent['type'], aggregateId: string, version: number): EventMetadata => ({
  eventId: randomUUID(), eventType, aggregateId, aggregateVersion: version, occurredAt: Date.UTC(2024, 0, 1) + version * 1000, actorId: 'tester', correlationId: 'c', causationId: null,
});

/**
 * The streams merged as partitions deliver them: each stream's order kept, the streams interleaved
 * as `schedule` picks (an index per event, modulo the streams left), then a crash's replay: the
 * events from `replayFrom` (a fraction of the delivered ones) up to `replayUntil` are folded again
 * after them, as a runner that died before checkpointing them would (from its last checkpoint on).
 */
export function delivered(streams: readonly InventoryEvent[][], schedule: readonly number[], [replayFrom, replayUntil]: [number, number]): InventoryEvent[] {
  const queues = streams.map((stream) => [...stream]).filter((queue) => queue.length > 0);
  const merged: InventoryEvent[] = [];
  for (let turn = 0; queues.length > 0; turn++) {
    const index = (schedule[turn % Math.max(1, schedule.length)] ?? 0) % queues.length;
    merged.push(queues[index]!.shift()!);
    if (queues[index]!.length === 0) queues.splice(index, 1);
  }
  const [from, until] = [replayFrom, replayUntil].map((fraction) => Math.floor(fraction * merged.length)).sort((a, b) => a - b) as [number, number];
  return [...merged.slice(0, until), ...merged.slice(from)];
}

/** Arbitrary inputs of `delivered`: an interleaving schedule and a replayed stretch. */
export const deliveryArbitrary = fc.record({
  schedule: fc.array(fc.nat(), { maxLength: 40 }),
  replay: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
});

/** Each aggregate's events in order: what one partition key delivers. */
export function streamsOf(events: readonly InventoryEvent[]): InventoryEvent[][] {
  const streams = new Map<string, InventoryEvent[]>();
  for (const event of events) streams.set(event.metadata.aggregateId, [...(streams.get(event.metadata.aggregateId) ?? []), event]);
  return [...streams.values()];
}
