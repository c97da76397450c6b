import type { ItemState } from '../domain/state.js';
import type { ItemEvent } from '../items/decider.js';
import { WriteConflict } from '../store/aggregate.js';
import { handlerOf, type CommandSpec, type Ran } from '../store/command-handler.js';
import type { ItemDocument, WriteModel } from '../store/documents.js';
import { destinationAt, capacityHold, type Hold } from '../store/holds.js';
import type { Protocol } from '../store/protocols.js';
import { withRecentOp, type Handler } from '../store/store.js';
import { loadMore, loadView } from '../store/view.js';
import { requireNoPendingChildren } from './stale-pending.js';
import { assignmentDecider, type AssignChild, type AssignmentCommand, type ReleaseChild } from './decider.js';

/**
 * The pending-assignment protocol: while a child joins or leaves, the parent carries a pending
 * entry, so its moves wait (they require no pending entries) and the parent's location, and thus
 * the child's, cannot change under us. Once the child committed, the entry goes and the parent's
 * children follow. The child's own conditional commit is what makes "at most one parent" hold
 * under races.
 */
function pendingOnParent(model: WriteModel, parent: ItemDocument, child: ItemDocument, op: string, joining: boolean): Protocol {
  const pending = JSON.stringify({ op, childId: child._id, at: Date.now() });
  const ref = { id: child._id, itemTypeId: child.itemTypeId };
  return {
    async take() {
      await requireNoPendingChildren(model, parent);
      const { modifiedCount } = await model.items.updateOne({ _id: parent._id, revision: parent.revision, pendingChildren: { $size: 0 } }, { $push: { pendingChildren: pending }, $inc: { revision: 1 } });
      if (modifiedCount !== 1) throw new WriteConflict(`parent ${parent._id} changed meanwhile`);
    },
    giveBack: async () => { await model.items.updateOne({ _id: parent._id, pendingChildren: pending }, { $pull: { pendingChildren: pending }, $inc: { revision: 1 } }); },
    async finish() {
      const children = joining ? { $pull: { pendingChildren: pending }, $push: { children: ref } } : { $pull: { pendingChildren: pending, children: ref } };
      await model.items.updateOne({ _id: parent._id, pendingChildren: pending }, { ...children, $inc: { revision: 1 } });
    },
    // A release requires that the child is still this parent's.
    require: joining ? undefined : { parentId: parent._id },
  };
}

/** The child, its parent, and (for an assignment) the parent's location with its type. */
const spec: CommandSpec<AssignmentCommand, ItemState, ItemEvent, 'items'> = {
  family: 'items',
  decider: assignmentDecider,
  aggregateId: (command) => command.childId,
  async load(model, command) {
    if (command.type === 'ReleaseChild') {
      const found = await loadView(model, { items: [command.childId] });
      return loadMore(model, found, { items: [found.items.get(command.childId)?.parentId] });
    }
    const found = await loadView(model, { items: [command.childId, command.parentId] });
    const destinationId = found.items.get(command.parentId)?.locationId;
    const destinationTypeId = (await loadView(model, { locations: [destinationId] })).locations.get(destinationId ?? '')?.locationTypeId;
    return loadMore(model, found, { locations: [destinationId], locationTypes: [destinationTypeId] });
  },
  protocols(model, { command, view, current, op }) {
    const child = current!;
    if (command.type === 'ReleaseChild') {
      return [pendingOnParent(model, view.items.get(child.parentId!)!, child, op, false), { set: { recentOps: withRecentOp(child.recentOps, op) } }];
    }
    const parent = view.items.get(command.parentId)!;
    const arriving = child.locationId !== parent.locationId;
    const hold: Hold = { op, itemId: child._id, n: 1, releaseFrom: child.locationId, releaseN: 1, at: Date.now() };
    return [
      arriving ? capacityHold(model, parent.locationId!, hold, destinationAt(view, parent.locationId!), child) : { set: { recentOps: withRecentOp(child.recentOps, op) } },
      pendingOnParent(model, parent, child, op, true),
    ];
  },
};

const run = handlerOf(spec);

/** What an assignment committed: the child with its ChildAssigned first among the events. */
export const assignChild: Handler<AssignChild, Ran<ItemState, ItemDocument>> = (store, command, context) => run(store, { type: 'AssignChild', ...command }, context);

/** What a release committed: the child with its ChildReleased first among the events. */
export const releaseChild: Handler<ReleaseChild, Ran<ItemState, ItemDocument>> = (store, command, context) => run(store, { type: 'ReleaseChild', ...command }, context);
