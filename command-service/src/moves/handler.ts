import type { ItemMoved } from '@inventory/contracts';
import { requireNoPendingChildren } from '../assignment/stale-pending.js';
import { commit, withRetries, WriteConflict } from '../store/aggregate.js';
import type { ItemDocument } from '../store/documents.js';
import { reserve, settle, undo, type Hold } from '../store/holds.js';
import { stamp } from '../store/stamp.js';
import { accepted, withHeldOp, type Handler } from '../store/store.js';
import { loadMore, loadView } from '../store/view.js';
import { decideMove, type MoveItem } from './decide.js';

/** The hold a move of `item` takes: its slots (children travel along) at the destination, freed where it leaves. */
export function moveHoldOf(item: ItemDocument, op: string): Hold {
  const n = 1 + item.children.length;
  return { op, itemId: item._id, n, releaseFrom: item.locationId, releaseN: n, at: Date.now() };
}

/** What a move commits on the item (its new place, the op for the sweeps), and only while no assignment is in flight. */
export function moveCommitOf(item: ItemDocument, toLocationId: string, op: string) {
  return { set: { locationId: toLocationId, ...withHeldOp(item, op) }, extra: { pendingChildren: { $size: 0 } } };
}

/**
 * Reserve room at the destination, commit the item with its ItemMoved, then free the room it left:
 * the destination can never be over-filled or deleted under the item, and a crash in between leaves
 * a hold the sweep resolves.
 */
export const moveItem: Handler<MoveItem, ItemMoved> = (store, command, context) => withRetries(async () => {
  const { model } = store;
  const found = await loadView(model, { items: [command.itemId], locations: [command.toLocationId] });
  const destinationTypeId = found.locations.get(command.toLocationId)?.locationTypeId;
  const view = await loadMore(model, found, { locationTypes: [destinationTypeId] });
  const drafts = accepted(decideMove(command, view.world));
  const item = view.items.get(command.itemId)!;
  await requireNoPendingChildren(model, item);
  const events = stamp(drafts, item._id, item.version, context);
  const hold = moveHoldOf(item, events[0]!.metadata.eventId);
  if (!(await reserve(model, command.toLocationId, [hold], view.world.locationTypes.get(destinationTypeId!)?.capacity ?? null))) {
    throw new WriteConflict(`location ${command.toLocationId} changed meanwhile`);
  }
  try {
    const { set, extra } = moveCommitOf(item, command.toLocationId, hold.op);
    await commit(model.items, item, set, events, extra);
  } catch (error) {
    await undo(model, command.toLocationId, hold);
    throw error;
  }
  store.wake('items', item._id);
  await settle(model, command.toLocationId, [hold]);
  return events[0] as ItemMoved;
});
