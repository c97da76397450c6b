import assert from 'node:assert/strict';
import { foldModels } from '@inventory/projection';
import fc from 'fast-check';
import { itemsModel } from '../items/items-projection.js';
import { CARRIED_CHILD, InventoryWorld, worldCommandArbitrary } from '../testing/inventory-world.js';
import { delivered, deliveryArbitrary, streamsOf } from '../testing/streams.js';
import type { ItemDoc } from '../items/item-doc.js';
import { OPEN_STAYS, type StayBucket } from './stay-buckets.js';
import { HISTORY_KINDS, timelineModel, type TimelineRow } from './timeline-projection.js';

const rowsOf = (folded: ReturnType<typeof foldModels>): TimelineRow[] => [...(folded.get('timeline')?.values() ?? [])].filter((row) => row !== null) as TimelineRow[];

/** Each item's stays (its document's and its sealed buckets'), by id and time, are exactly its rows, each once. */
function assertStaysAreRows(folded: ReturnType<typeof foldModels>, rows: readonly TimelineRow[]): void {
  const buckets = [...(folded.get('item_stay_buckets')?.values() ?? [])] as StayBucket[];
  for (const itemId of new Set(rows.map((row) => row.itemId))) {
    const item = folded.get('items')!.get(itemId) as ItemDoc;
    assert.ok((item.stays ?? []).length <= OPEN_STAYS, `${itemId}: at most ${OPEN_STAYS} stays in its document`);
    const sealed = buckets.filter((bucket) => bucket._id.startsWith(`${itemId}|`));
    assert.equal(sealed.length, item.sealedStays?.length ?? 0);
    const stays = [...(item.stays ?? []), ...sealed.flatMap((bucket) => bucket.rows)].map((stay) => `${stay.id}@${stay.at.toISOString()}`);
    const expected = rows.filter((row) => row.itemId === itemId).map((row) => `${row._id}@${row.occurredAt.toISOString()}`);
    assert.deepEqual([...stays].sort(), [...expected].sort(), `${itemId}'s stays`);
  }
}

describe('timeline read model (pure evolve, no store)', () => {
  it('holds the reference model\'s history whatever the interleaving of the streams and a replayed stretch: each row once, with the item\'s type, and its item\'s stays exactly its rows', () => {
    fc.assert(fc.property(fc.array(worldCommandArbitrary, { maxLength: 14 }), deliveryArbitrary, (commands, { schedule, replay }) => {
      const world = new InventoryWorld('tester');
      for (const command of [...CARRIED_CHILD, ...commands]) world.run(command);
      assert.ok(world.history.some((row) => row.kind === 'MOVED_WITH_PARENT'), 'a child carried by its parent: its rows come from two partitions');

      const folded = foldModels([itemsModel, timelineModel], delivered(streamsOf(world.events), schedule, replay));
      const rows = rowsOf(folded);
      const history = rows.filter((row) => (HISTORY_KINDS as readonly string[]).includes(row.kind)).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.itemId.localeCompare(b.itemId));
      const expected = [...world.history].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.itemId.localeCompare(b.itemId));
      assert.deepEqual(
        history.map(({ eventId, kind, itemId, fromLocationId, toLocationId, parentId, actorId, occurredAt }) => ({ eventId, kind, itemId, fromLocationId, toLocationId, parentId, actorId, occurredAt: occurredAt.toISOString() })),
        expected,
      );
      assert.equal(rows.filter((row) => row.kind === 'REGISTERED').length, world.items.length);
      assert.ok(rows.every((row) => row.itemTypeId === world.itemTypeId), 'every row has its item\'s type, also one folded before the registration');
      assertStaysAreRows(folded, rows);
    }), { numRuns: 150 });
  });

  it(`one item moved ${OPEN_STAYS * 2 + 50} times, a stretch replayed: its own document holds at most ${OPEN_STAYS} stays, the sealed buckets the rest, each row once`, () => {
    const world = new InventoryWorld('tester', { locations: 2, parents: 1, children: 0 });
    const [item] = world.items;
    const moves = OPEN_STAYS * 2 + 50;
    for (let n = 0; n < moves; n++) world.move(item!, world.locationIds[(n + 1) % 2]!);
    const events = world.events.filter((event) => event.metadata.aggregateId === item!.id);
    const folded = foldModels([itemsModel, timelineModel], [...events, ...events.slice(moves / 2)]);
    const rows = rowsOf(folded);
    assert.equal(rows.length, moves + 1);
    assert.equal((folded.get('items')!.get(item!.id) as ItemDoc).sealedStays?.length, Math.ceil((moves + 1 - OPEN_STAYS) / (OPEN_STAYS / 2)));
    assertStaysAreRows(folded, rows);
  });
});
