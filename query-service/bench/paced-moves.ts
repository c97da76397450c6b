import { randomUUID } from 'node:crypto';
import type { EventCodec, InventoryEvent, ItemMoved } from '@inventory/contracts';
import type { TopicNames } from '@inventory/projection';
import type { Producer } from 'kafkajs';

export interface Placed {
  itemId: string;
  locationId: string;
  /** The item's last aggregate version. */
  version: number;
}

/** The ItemMoved the command service would publish for `item`, stamped now (its lag is measured from this time). */
export function moveNow(item: Placed, toLocationId: string, actorId: string): ItemMoved {
  const { itemId, locationId: fromLocationId } = item;
  item.version += 1;
  item.locationId = toLocationId;
  return {
    type: 'ItemMoved',
    metadata: { eventId: randomUUID(), eventType: 'ItemMoved', aggregateId: itemId, aggregateVersion: item.version, occurredAt: Date.now(), actorId, correlationId: randomUUID(), causationId: null },
    data: { itemId, fromLocationId, toLocationId, reason: null, movedChildIds: [] },
  };
}

/**
 * Produces `rate` events per second for `seconds`, encoding each with the contracts' codec just
 * before it is sent (so its occurredAt is its send time), in small batches every few milliseconds.
 */
export async function producePaced(
  { producer, codec, topics }: { producer: Producer; codec: EventCodec; topics: TopicNames },
  { rate, seconds }: { rate: number; seconds: number },
  next: () => InventoryEvent,
): Promise<number> {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    if (due === sent) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      continue;
    }
    const encoded = await Promise.all(Array.from({ length: due - sent }, () => codec.encode(next())));
    sent = due;
    await producer.send({ topic: topics[encoded[0]!.topic], acks: -1, messages: encoded.map(({ key, value, headers }) => ({ key, value, headers })) });
  }
  return total;
}
