import type { ChildAssigned, ChildReleased } from '@inventory/contracts';
import type { ItemDocument, WriteModel } from '../store/documents.js';
import { commit, withRetries, WriteConflict } from '../store/aggregate.js';
import { reserve, settle, undo, type Hold } from '../store/holds.js';
import { stamp } from '../store/stamp.js';
import { accepted, withHeldOp, withRecentOp, type Handler } from '../store/store.js';
import { loadMore, loadView } from '../store/view.js';
import { requireNoPendingChildren } from './stale-pending.js';
import { decideAssign, decideRelease, type AssignChild, type ReleaseChild } from './decide.js';

/**
 * While a child joins or leaves, the parent carries a pending entry: its moves wait (they require
 * no pending entries), so the parent's location, and thus the child's, cannot change under us.
 * The child's own conditional commit is what makes "at most one parent" hold under races.
 */
async function markPending(model: WriteModel, parent: ItemDocument, pending: string): Promise<void> {
  await requireNoPendingChildren(model, parent);
  const { modifiedCount } = await model.items.updateOne({ _id: parent._id, revision: parent.revision, pendingChildren: { $size: 0 } }, { $push: { pendingChildren: pending }, $inc: { revision: 1 } });
  if (modifiedCount !== 1) throw new WriteConflict(`parent ${parent._id} changed meanwhile`);
}

const unmarkPending = (model: WriteModel, parentId: string, pending: string) =>
  model.items.updateOne({ _id: parentId, pendingChildren: pending }, { $pull: { pendingChildren: pending }, $inc: { revision: 1 } });

export const assignChild: Handler<AssignChild, ChildAssigned> = (store, command, context) => withRetries(async () => {
  const { model } = store;
  const found = await loadView(model, { items: [command.childId, command.parentId] });
  const destinationId = found.items.get(command.parentId)?.locationId;
  const destinationTypeId = (await loadView(model, { locations: [destinationId] })).locations.get(destinationId ?? '')?.locationTypeId;
  const view = await loadMore(model, found, { locations: [destinationId], locationTypes: [destinationTypeId] });
  const drafts = accepted(decideAssign(command, view.world));
  const child = view.items.get(command.childId)!;
  const parent = view.items.get(command.parentId)!;
  const events = stamp(drafts, child._id, child.version, context);
  const op = events[0]!.metadata.eventId;
  const arriving = child.locationId !== parent.locationId;
  const hold: Hold = { op, itemId: child._id, n: 1, releaseFrom: child.locationId, releaseN: 1, at: Date.now() };
  if (arriving && !(await reserve(model, parent.locationId!, [hold], view.world.locationTypes.get(destinationTypeId!)?.capacity ?? null))) {
    throw new WriteConflict(`location ${parent.locationId} changed meanwhile`);
  }
  const pending = JSON.stringify({ op, childId: child._id, at: hold.at });
  try {
    await markPending(model, parent, pending);
    try {
      await commit(model.items, child, { parentId: parent._id, locationId: null, ...(arriving ? withHeldOp(child, op) : { recentOps: withRecentOp(child.recentOps, op) }) }, events);
    } catch (error) {
      await unmarkPending(model, parent._id, pending);
      throw error;
    }
  } catch (error) {
    if (arriving) await undo(model, parent.locationId!, hold);
    throw error;
  }
  store.wake('items', child._id);
  await model.items.updateOne({ _id: parent._id, pendingChildren: pending }, { $pull: { pendingChildren: pending }, $push: { children: { id: child._id, itemTypeId: child.itemTypeId } }, $inc: { revision: 1 } });
  if (arriving) await settle(model, parent.locationId!, [hold]);
  return events[0] as ChildAssigned;
});

export const releaseChild: Handler<ReleaseChild, ChildReleased> = (store, command, context) => withRetries(async () => {
  const { model } = store;
  const found = await loadView(model, { items: [command.childId] });
  const view = await loadMore(model, found, { items: [found.items.get(command.childId)?.parentId] });
  const drafts = accepted(decideRelease(command, view.world));
  const child = view.items.get(command.childId)!;
  const parent = view.items.get(child.parentId!)!;
  const events = stamp(drafts, child._id, child.version, context);
  const op = events[0]!.metadata.eventId;
  const pending = JSON.stringify({ op, childId: child._id, at: Date.now() });
  await markPending(model, parent, pending);
  try {
    await commit(model.items, child, { parentId: null, locationId: parent.locationId, recentOps: withRecentOp(child.recentOps, op) }, events, { parentId: parent._id });
  } catch (error) {
    await unmarkPending(model, parent._id, pending);
    throw error;
  }
  store.wake('items', child._id);
  await model.items.updateOne({ _id: parent._id, pendingChildren: pending }, { $pull: { pendingChildren: pending, children: { id: child._id, itemTypeId: child.itemTypeId } }, $inc: { revision: 1 } });
  return events[0] as ChildReleased;
});
