import type { InventoryEvent } from '@inventory/contracts';
import { EventLog } from './scenario.js';

/**
 * A child registered at `from` and assigned to a parent there, which moves it to `to`: the parent's
 * move arrives before the child's registration (another partition), so its counts are parked on the
 * child and taken over by the registration, and then a crash replays the move and the registration
 * before the child's assignment arrives. Two items of type `itemTypeId` end up at `to`, none at `from`.
 */
export function parkedChildReplayed(): { events: InventoryEvent[]; from: string; to: string; itemTypeId: string } {
  const log = new EventLog('00000000-0000-4000-8000-000000000000', Date.UTC(2025, 0, 1, 9));
  const [from, to, child, parent, itemTypeId] = [log.newId(), log.newId(), log.newId(), log.newId(), log.newId()];
  const item = { itemTypeId, serialNumber: null, barcode: null, attributes: {}, locationId: from };
  const childRegistered = log.emit('ItemRegistered', child, { ...item, itemId: child, kind: 'CHILD', name: 'c' });
  const parentRegistered = log.emit('ItemRegistered', parent, { ...item, itemId: parent, kind: 'PARENT', name: 'p' });
  const assigned = log.emit('ChildAssigned', child, { childId: child, parentId: parent, fromLocationId: from, toLocationId: from, reason: null });
  const moved = log.emit('ItemMoved', parent, { itemId: parent, fromLocationId: from, toLocationId: to, reason: null, movedChildIds: [child] });
  const applied = [parentRegistered, moved, childRegistered];
  return { events: [...applied, ...applied, assigned], from, to, itemTypeId };
}
