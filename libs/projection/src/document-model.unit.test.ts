import assert from 'node:assert/strict';
import type { InventoryEvent } from '@inventory/contracts';
import { foldModels, type DocumentModel } from './document-model.js';

const registered = (itemId: string, itemTypeId: string, locationId: string): InventoryEvent => ({
  type: 'ItemRegistered',
  metadata: { eventId: `e-${itemId}`, eventType: 'ItemRegistered', aggregateId: itemId, aggregateVersion: 1, occurredAt: 0, actorId: 'a', correlationId: 'c', causationId: null },
  data: { itemId, itemTypeId, kind: 'PARENT', name: 'n', serialNumber: null, barcode: null, attributes: {}, locationId },
});

/** Counts registrations per item type seen on the item's document, which the model after it writes. */
const countsModel = (declared: boolean): DocumentModel<{ _id: string; n: number; before: string | null }, 'ItemRegistered'> => ({
  collection: 'counts',
  handles: ['ItemRegistered'],
  reads: (event) => (declared ? [{ collection: 'items', id: event.data.itemId }] : []),
  idsOf: (event) => [event.data.itemTypeId],
  evolve: (doc, event, id, read) => ({ _id: id, n: (doc?.n ?? 0) + 1, before: (read!('items', event.data.itemId) as { type?: string } | null)?.type ?? null }),
});

const itemsModel: DocumentModel<{ _id: string; type: string }, 'ItemRegistered'> = {
  collection: 'items',
  handles: ['ItemRegistered'],
  idsOf: (event) => [event.data.itemId],
  evolve: (_doc, event, id) => ({ _id: id, type: event.data.itemTypeId }),
};

describe('foldModels', () => {
  it('a model reads what it declared, as the models before it left it for this event', () => {
    const folded = foldModels([countsModel(true), itemsModel], [registered('i1', 'T', 'L'), registered('i2', 'T', 'L')]);
    assert.deepEqual(folded.get('counts')?.get('T'), { _id: 'T', n: 2, before: null });
    const after = foldModels([itemsModel, countsModel(true)], [registered('i1', 'T', 'L')]);
    assert.deepEqual(after.get('counts')?.get('T'), { _id: 'T', n: 1, before: 'T' });
  });

  it('a read the model did not declare fails, store or not', () => {
    assert.throws(() => foldModels([countsModel(false), itemsModel], [registered('i1', 'T', 'L')]), /did not declare/);
  });
});
