import { effectiveLocation, type Scenario } from './scenario.js';

/** Items per location and item type, counted from the reference model's final state (not from events). */
export function expectedCountsByLocation(scenario: Scenario): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const item of scenario.items.values()) {
    const at = effectiveLocation(scenario, item);
    const byType = counts.get(at) ?? new Map<string, number>();
    byType.set(item.itemTypeId, (byType.get(item.itemTypeId) ?? 0) + 1);
    counts.set(at, byType);
  }
  return counts;
}

/** Items per `itemTypeId|locationTypeId`. */
export function expectedCountsByTypes(scenario: Scenario): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of scenario.items.values()) {
    const key = `${item.itemTypeId}|${scenario.locations.get(effectiveLocation(scenario, item))!.locationTypeId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Orders events by a random choice sequence while keeping each aggregate's own order, as Kafka partitions do. */
export function interleave<T extends { metadata: { aggregateId: string } }>(events: readonly T[], choices: readonly number[]): T[] {
  const queues = new Map<string, T[]>();
  for (const event of events) queues.set(event.metadata.aggregateId, [...(queues.get(event.metadata.aggregateId) ?? []), event]);
  const active = [...queues.values()];
  const result: T[] = [];
  for (let i = 0; active.length > 0; i++) {
    const index = (choices[i % Math.max(1, choices.length)] ?? 0) % active.length;
    result.push(active[index]!.shift()!);
    if (active[index]!.length === 0) active.splice(index, 1);
  }
  return result;
}
