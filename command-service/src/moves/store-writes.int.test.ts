import assert from 'node:assert/strict';
import { TOPICS } from '@inventory/contracts';
import { storeWritesOf } from '@inventory/platform';
import { COMMAND_HOLDERS } from '../http/holder-lease.js';
import { seedWarehouse, useTestService, watchTopic } from '../testing/service.js';

const MOVES = 10;

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([collection, n]) => [collection, n - (before[collection] ?? 0)]).filter(([, n]) => n !== 0));

describe('store writes per accepted move (command service, real store)', function () {
  this.timeout(120_000);
  const suite = useTestService();

  it('counts each move\'s document writes per collection in store_writes_total, the relay\'s included', async () => {
    const { service } = suite;
    const { locationIds: [, to], itemIds } = await seedWarehouse(service, { items: MOVES });
    const items = await watchTopic(TOPICS.items);
    try {
      // Until the seeding's events are out, the relay is still writing for them.
      await items.until((events) => itemIds.every((id) => events.some((event) => event.type === 'ItemRegistered' && event.metadata.aggregateId === id)));
    } catch {
      // Published before the watch began: nothing of the seeding is left to write.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const registry = service.running.context.metrics.registry;
    const before = await storeWritesOf(registry);
    const moves: string[] = [];
    for (const itemId of itemIds) moves.push((await service.call('POST', '/api/v1/moves', { itemId, toLocationId: to })).body.move.eventId as string);
    try {
      await items.until((events) => moves.every((eventId) => events.some((event) => event.metadata.eventId === eventId)));
    } finally {
      await items.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the relay marks what it published after the send
    const writes = difference(await storeWritesOf(registry), before);
    // Every move rewrites its item twice: the conditional commit, and the relay's pull of the published
    // event, which drops the op its settled hold left in heldOps in the same write (else a third).
    assert.ok((writes.items ?? 0) >= 2 * MOVES && (writes.items ?? 0) < 3 * MOVES, JSON.stringify(writes));
    const held = await suite.model.items.find({ _id: { $in: itemIds } }, { projection: { heldOps: 1 } }).toArray();
    assert.deepEqual(held.flatMap((item) => item.heldOps ?? []), [], 'every settled op is forgotten');
    // ...and the destination's count changes (capacity hold and settle when moves do not share a round).
    assert.ok((writes.locations ?? 0) >= MOVES, JSON.stringify(writes));
    // (The Idempotency-Key holder lease renews on its own clock, whatever the moves.)
    assert.deepEqual(Object.keys(writes).filter((collection) => !['items', 'locations', 'claims', COMMAND_HOLDERS].includes(collection)), [], JSON.stringify(writes));
  });

  it('counts in store_documents_written_total every document a statement rewrote: a bulk move\'s updateMany statements count per item', async () => {
    const { service } = suite;
    const { locationIds: [, to], itemIds } = await seedWarehouse(service, { items: MOVES });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the seeding's relay passes
    const registry = service.running.context.metrics.registry;
    const [statementsBefore, documentsBefore] = await Promise.all([storeWritesOf(registry), storeWritesOf(registry, 'store_documents_written_total')]);
    const { status } = await service.call('POST', '/api/v1/moves/bulk', { moves: itemIds.map((itemId) => ({ itemId, toLocationId: to })) });
    assert.equal(status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the relay drops the published events
    const statements = difference(await storeWritesOf(registry), statementsBefore);
    const documents = difference(await storeWritesOf(registry, 'store_documents_written_total'), documentsBefore);
    // Per item: the commit, and the relay's pull of its published event with its settled held op, one
    // updateMany for all the items, which store_writes_total counts once.
    assert.ok((documents.items ?? 0) >= 2 * MOVES && (documents.items ?? 0) < 3 * MOVES, JSON.stringify({ statements, documents }));
    assert.ok((statements.items ?? 0) < (documents.items ?? 0), JSON.stringify({ statements, documents }));
  });
});
