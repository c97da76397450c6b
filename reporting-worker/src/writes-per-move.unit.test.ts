import assert from 'node:assert/strict';
import type { InventoryEvent } from '@inventory/contracts';
import { foldModels, type ModelDocuments } from '@inventory/projection';
import { REPORT_MODELS } from './reports-projection.js';

const base = { actorId: 'a', correlationId: 'c', causationId: null };
const registered: InventoryEvent = { type: 'ItemRegistered', metadata: { ...base, eventId: 'e1', eventType: 'ItemRegistered', aggregateId: 'i', aggregateVersion: 1, occurredAt: Date.UTC(2025, 0, 1, 9) }, data: { itemId: 'i', itemTypeId: 't', kind: 'PARENT', name: 'n', serialNumber: null, barcode: null, attributes: {}, locationId: 'a' } };
const moved: InventoryEvent = { type: 'ItemMoved', metadata: { ...base, eventId: 'e2', eventType: 'ItemMoved', aggregateId: 'i', aggregateVersion: 2, occurredAt: Date.UTC(2025, 0, 1, 13, 7, 42) }, data: { itemId: 'i', fromLocationId: 'a', toLocationId: 'b', reason: null, movedChildIds: [] } };

/** The documents an event changes (as the unit of work tells: a step that returns another object), by collection. */
function changedBy(event: InventoryEvent, before: ModelDocuments): Record<string, string[]> {
  const after = foldModels(REPORT_MODELS, [event], new Map([...before].map(([collection, docs]) => [collection, new Map(docs)])));
  const changed: Record<string, string[]> = {};
  for (const [collection, docs] of after) {
    const ids = [...docs].filter(([id, doc]) => before.get(collection)?.get(id) !== doc).map(([id]) => id).sort();
    if (ids.length > 0) changed[collection] = ids;
  }
  return changed;
}

describe('store writes of a unit of work that folds one move (issue 17)', () => {
  it('a move changes 12 documents, checkpoint aside: 6 buckets (day, hour, ten minutes; all types and its type), its minute, 2 locations, the item, the note of changed locations (freshness on it) and the sweep note of its second', () => {
    const changed = changedBy(moved, foldModels(REPORT_MODELS, [registered]));
    assert.deepEqual(changed, {
      movements: ['d:2025-01-01', 'd:2025-01-01|t', 'h:2025-01-01T13', 'h:2025-01-01T13|t', 't:2025-01-01T13:0', 't:2025-01-01T13:0|t'],
      move_log: ['m:2025-01-01T13:07'],
      locations: ['a', 'b'],
      items: ['i'],
      packed: ['changed-locations'],
      sweeps: ['n:2025-01-01T13:07:42'],
    });
  });
});
