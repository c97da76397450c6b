import type { EventOfType, InventoryEvent, InventoryEventType } from '@inventory/contracts';

const event = <T extends InventoryEventType>(type: T, eventId: string, aggregateId: string, aggregateVersion: number, data: EventOfType<T>['data']): InventoryEvent =>
  ({ type, metadata: { eventId, eventType: type, aggregateId, aggregateVersion, occurredAt: Date.UTC(2025, 0, 1, 9), actorId: 'a', correlationId: 'c', causationId: null }, data }) as InventoryEvent;

/**
 * A child registered at `from` and assigned to a parent there, which moves it to `to`: the parent's
 * move arrives before the child's registration (another partition), so its counts are parked on the
 * child and taken over by the registration, and then a crash replays the move and the registration
 * before the child's assignment arrives. Two items of type `t` end up at `to`, none at `from`.
 */
export function parkedChildReplayed(): { events: InventoryEvent[]; from: string; to: string } {
  const [from, to, child, parent] = ['from', 'to', 'child', 'parent'];
  const childRegistered = event('ItemRegistered', 'e1', child, 1, { itemId: child, itemTypeId: 't', kind: 'CHILD', name: 'c', serialNumber: null, barcode: null, attributes: {}, locationId: from });
  const parentRegistered = event('ItemRegistered', 'e2', parent, 1, { itemId: parent, itemTypeId: 't', kind: 'PARENT', name: 'p', serialNumber: null, barcode: null, attributes: {}, locationId: from });
  const assigned = event('ChildAssigned', 'e3', child, 2, { childId: child, parentId: parent, fromLocationId: from, toLocationId: from, reason: null });
  const moved = event('ItemMoved', 'e4', parent, 2, { itemId: parent, fromLocationId: from, toLocationId: to, reason: null, movedChildIds: [child] });
  const applied = [parentRegistered, moved, childRegistered];
  return { events: [...applied, ...applied, assigned], from, to };
}
