import { randomUUID } from 'node:crypto';
import type { EventMetadata, InventoryEvent } from '@inventory/contracts';
import fc from 'fast-check';

/** A command against the world, by index into its locations and items (fast-check generates these). */
export type WorldCommand =
  | { op: 'move'; item: number; to: number }
  | { op: 'assign'; child: number; parent: number }
  | { op: 'release'; child: number };

/** Commands of a world with the default 2 parents and 3 children (indexes modulo the world's sizes). */
export const worldCommandArbitrary: fc.Arbitrary<WorldCommand> = fc.oneof(
  fc.record({ op: fc.constant('move' as const), item: fc.nat(4), to: fc.nat(3) }),
  fc.record({ op: fc.constant('assign' as const), child: fc.nat(4), parent: fc.nat(4) }),
  fc.record({ op: fc.constant('release' as const), child: fc.nat(4) }),
);

/**
 * Commands that, first in a default world (items 0-1 parents, 2-4 children), assign a child and
 * move its parent: so a generated history always has a child carried by its parent's move.
 */
export const CARRIED_CHILD: readonly WorldCommand[] = [{ op: 'assign', child: 2, parent: 0 }, { op: 'move', item: 0, to: 1 }];

export interface ExpectedHistoryRow {
  eventId: string;
  kind: 'MOVED' | 'MOVED_WITH_PARENT' | 'ASSIGNED' | 'RELEASED';
  itemId: string;
  fromLocationId: string;
  toLocationId: string;
  parentId: string | null;
  actorId: string;
  occurredAt: string;
}

interface ItemState {
  id: string;
  kind: 'PARENT' | 'CHILD';
  locationId: string;
  parentId: string | null;
  version: number;
  serialNumber: string | null;
  barcode: string | null;
  retired: boolean;
}

/**
 * Reference model and event source in one: a small inventory (a root with sub-locations, parents
 * and children) with fresh ids, that accepts or rejects commands as the command service's rules do
 * and emits the events an accepted command produces. Time advances 1 s per event.
 */
export class InventoryWorld {
  readonly events: InventoryEvent[] = [];
  readonly locationIds: string[];
  readonly items: ItemState[];
  readonly history: ExpectedHistoryRow[] = [];
  readonly itemTypeId = randomUUID();
  private clock: number;
  private readonly versions = new Map<string, number>();

  constructor(readonly actorId: string, { locations = 4, parents = 2, children = 3, startAt = Date.UTC(2024, 0, 1) } = {}) {
    this.clock = startAt;
    const locationTypeId = randomUUID();
    this.emit('LocationTypeDefined', locationTypeId, { locationTypeId, name: `type-${locationTypeId}`, allowedItemTypeIds: null, capacity: null });
    this.emit('ItemTypeDefined', this.itemTypeId, { itemTypeId: this.itemTypeId, name: `type-${this.itemTypeId}`, attributesSchema: null });
    this.locationIds = Array.from({ length: locations }, () => randomUUID());
    this.locationIds.forEach((locationId, i) => {
      this.emit('LocationCreated', locationId, { locationId, code: `L${i}-${locationId.slice(0, 8)}`, name: `Location ${i}`, locationTypeId, parentLocationId: i === 0 ? null : this.locationIds[0]! });
    });
    this.items = [...Array<'PARENT'>(parents).fill('PARENT'), ...Array<'CHILD'>(children).fill('CHILD')].map((kind, i) => {
      const id = randomUUID();
      const locationId = this.locationIds[i % locations]!;
      this.emit('ItemRegistered', id, { itemId: id, itemTypeId: this.itemTypeId, kind, name: `${kind} ${i}`, serialNumber: `SN-${id}`, barcode: null, attributes: { index: String(i) }, locationId });
      return { id, kind, locationId, parentId: null, version: 1, serialNumber: `SN-${id}`, barcode: null, retired: false };
    });
  }

  /** Applies a command if the rules accept it; returns whether it was accepted. */
  run(command: WorldCommand): boolean {
    if (command.op === 'move') return this.move(this.items[command.item % this.items.length]!, this.locationIds[command.to % this.locationIds.length]!);
    const child = this.items[command.child % this.items.length]!;
    if (command.op === 'release') return this.release(child);
    return this.assign(child, this.items[command.parent % this.items.length]!);
  }

  /** Where an item is: an assigned child is where its parent is. */
  locationOf(item: ItemState): string {
    return item.parentId ? this.items.find((p) => p.id === item.parentId)!.locationId : item.locationId;
  }

  lastVersionOf(aggregateId: string): number {
    return this.versions.get(aggregateId) ?? 0;
  }

  move(item: ItemState, to: string): boolean {
    if (item.retired || item.parentId || item.locationId === to) return false; // assigned child moves with its parent; no-op move
    const from = item.locationId;
    const children = this.items.filter((c) => c.parentId === item.id);
    const { eventId, occurredAt } = this.emit('ItemMoved', item.id, { itemId: item.id, fromLocationId: from, toLocationId: to, reason: null, movedChildIds: children.map((c) => c.id) });
    item.locationId = to;
    this.record(eventId, 'MOVED', item.id, from, to, null, occurredAt);
    for (const child of children) this.record(eventId, 'MOVED_WITH_PARENT', child.id, from, to, item.id, occurredAt);
    return true;
  }

  private assign(child: ItemState, parent: ItemState): boolean {
    if (child.retired || parent.retired || child.kind !== 'CHILD' || parent.kind !== 'PARENT' || child.parentId) return false;
    const from = child.locationId;
    const { eventId, occurredAt } = this.emit('ChildAssigned', child.id, { childId: child.id, parentId: parent.id, fromLocationId: from, toLocationId: parent.locationId, reason: null });
    child.parentId = parent.id;
    this.record(eventId, 'ASSIGNED', child.id, from, parent.locationId, parent.id, occurredAt);
    return true;
  }

  private release(child: ItemState): boolean {
    if (!child.parentId) return false;
    const parentId = child.parentId;
    const at = this.locationOf(child);
    const { eventId, occurredAt } = this.emit('ChildReleased', child.id, { childId: child.id, parentId, locationId: at, reason: null });
    child.parentId = null;
    child.locationId = at;
    this.record(eventId, 'RELEASED', child.id, at, at, parentId, occurredAt);
    return true;
  }

  /** An update that gives the item these identifiers (no uniqueness check: the projection must cope with any). */
  identify(item: ItemState, serialNumber: string | null, barcode: string | null): boolean {
    if (item.retired) return false;
    this.emit('ItemUpdated', item.id, { itemId: item.id, name: `${item.kind} ${item.id}`, serialNumber, barcode, attributes: {} });
    Object.assign(item, { serialNumber, barcode });
    return true;
  }

  /** Retires an item nothing is assigned to and that is assigned to nothing (the command service's rule). */
  retire(item: ItemState): boolean {
    if (item.retired || item.parentId || this.items.some((child) => child.parentId === item.id)) return false;
    this.emit('ItemRetired', item.id, { itemId: item.id, lastLocationId: item.locationId, reason: null });
    item.retired = true;
    return true;
  }

  private record(eventId: string, kind: ExpectedHistoryRow['kind'], itemId: string, from: string, to: string, parentId: string | null, occurredAt: number): void {
    this.history.push({ eventId, kind, itemId, fromLocationId: from, toLocationId: to, parentId, actorId: this.actorId, occurredAt: new Date(occurredAt).toISOString() });
  }

  private emit<T extends InventoryEvent['type']>(type: T, aggregateId: string, data: Extract<InventoryEvent, { type: T }>['data']): EventMetadata {
    const aggregateVersion = this.lastVersionOf(aggregateId) + 1;
    this.versions.set(aggregateId, aggregateVersion);
    const item = this.items?.find((i) => i.id === aggregateId);
    if (item) item.version = aggregateVersion;
    this.clock += 1000;
    const metadata: EventMetadata = { eventId: randomUUID(), eventType: type, aggregateId, aggregateVersion, occurredAt: this.clock, actorId: this.actorId, correlationId: randomUUID(), causationId: null };
    this.events.push({ type, metadata, data } as InventoryEvent);
    return metadata;
  }
}
