import { randomUUID } from 'node:crypto';
import type { ItemRegistered } from '@inventory/contracts';
import type { Checkpoint } from '@inventory/projection';
import type { ContentsEntry } from '../contents/contents-index.js';
import { registeredItem, type ItemDoc } from '../items/items-projection.js';
import type { ItemStays } from '../timeline/stay-buckets.js';
import { stayOf, timelineRowsOf, type TimelineRow } from '../timeline/timeline-projection.js';

export interface RegistrationPlan {
  count: number;
  /** Filled one after the other, `perLocation` items each, round the list again if needed. */
  locationIds: readonly string[];
  perLocation: number;
  itemTypeId: string;
  actorId: string;
  startAt?: number;
}

/**
 * Registration events as the command service would publish them (1 ms apart), location by
 * location; every fourth item is a (free) child, the rest parents.
 */
export function* registrations({ count, locationIds, perLocation, itemTypeId, actorId, startAt = Date.UTC(2025, 0, 1) }: RegistrationPlan): Generator<ItemRegistered> {
  for (let i = 0; i < count; i++) {
    const itemId = randomUUID();
    const kind = i % 4 === 3 ? 'CHILD' : 'PARENT';
    yield {
      type: 'ItemRegistered',
      metadata: { eventId: randomUUID(), eventType: 'ItemRegistered', aggregateId: itemId, aggregateVersion: 1, occurredAt: startAt + i, actorId, correlationId: randomUUID(), causationId: null },
      data: { itemId, itemTypeId, kind, name: `${kind} ${i}`, serialNumber: `SN-${itemId}`, barcode: null, attributes: { index: String(i) }, locationId: locationIds[Math.floor(i / perLocation) % locationIds.length]! },
    };
  }
}

export interface RegistrationDocs {
  item: ItemDoc;
  timelineRows: TimelineRow[];
  stays: ItemStays;
  checkpoint: Checkpoint;
  entry: { locationId: string; itemId: string; entry: ContentsEntry };
}

/** What the query projection writes for one registration, built by the projection's own functions. */
export function registrationDocs(event: ItemRegistered): RegistrationDocs {
  const placement = 1; // the registration is an item's first placement
  const item: ItemDoc = { ...registeredItem(event), placement };
  const timelineRows = timelineRowsOf(event, () => item.itemTypeId);
  const { aggregateId, aggregateVersion, eventId, occurredAt } = event.metadata;
  return {
    item,
    timelineRows,
    stays: { _id: item._id, rows: timelineRows.map(stayOf) },
    checkpoint: { _id: aggregateId, version: aggregateVersion, eventId, occurredAt: new Date(occurredAt) },
    entry: { locationId: event.data.locationId, itemId: item._id, entry: { s: placement, t: item.itemTypeId, p: null } },
  };
}
