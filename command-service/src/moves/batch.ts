import { ProblemError, type ItemMoved } from '@inventory/contracts';
import { asWritten, commitOperation } from '../store/aggregate.js';
import { CommitWindowClosed } from '../store/command-mark.js';
import { commitOf } from '../store/command-handler.js';
import type { ItemDocument } from '../store/documents.js';
import { destinationAt, reserve, settle, undo, type Hold } from '../store/holds.js';
import { stamp, type CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import type { View } from '../store/view.js';
import { moveDecider, type MoveItem } from './decider.js';
import { loadMoves, moveHoldOf, movedItem, moveProtocols, type Moved } from './handler.js';

export interface MoveRequestOf {
  command: MoveItem;
  context: CommandContext;
}

/** A move's result: what it committed (its ItemMoved first), the catalog error that refused it, or its Idempotency-Key attempt's closed commit window. */
export type MoveOutcome = Moved | ProblemError | CommitWindowClosed;

interface Planned {
  index: number;
  item: ItemDocument;
  event: ItemMoved;
  moved: Moved;
  hold: Hold;
  /** The item's conditional commit, as one move's would be: its evolved state and what its protocols add. */
  commit: ReturnType<typeof commitOperation<ItemDocument>>;
}

const groupBy = <T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(key(value), [...(groups.get(key(value)) ?? []), value]);
  return groups;
};

/** The same steps as one move (decide, evolve, reserve, commit, settle), each write done once for the whole batch. */
function planMoves(store: CommandStore, view: View, moves: readonly MoveRequestOf[], outcomes: (MoveOutcome | undefined)[]): Planned[] {
  const planned: Planned[] = [];
  moves.forEach(({ command, context }, index) => {
    const decision = moveDecider.decide({ type: 'MoveItem', ...command }, view.world);
    if (!decision.ok) {
      outcomes[index] = new ProblemError(decision.code, decision.detail);
      return;
    }
    const item = view.items.get(command.itemId)!;
    if (item.pendingChildren.length > 0) return; // an assignment in flight: the one-by-one path waits it out
    const events = stamp(decision.events, item._id, item.version, context);
    const event = events[0] as ItemMoved;
    const before = view.world.items.get(item._id)!;
    const after = decision.events.reduce(moveDecider.evolve, before);
    const { change, require } = commitOf<typeof before, ItemDocument>(before, after, moveProtocols(store.model, view, item, command.toLocationId, event.metadata.eventId));
    const updatedAt = new Date();
    const moved: Moved = { events, document: asWritten(item, change, events, updatedAt), view, after };
    try {
      planned.push({ index, item, event, moved, hold: moveHoldOf(item, event.metadata.eventId), commit: commitOperation(item, change, events, require, updatedAt, () => moved) });
    } catch (error) {
      // One attempt past its window (it waited long under load) fails alone, not the round it shares.
      if (!(error instanceof CommitWindowClosed)) throw error;
      outcomes[index] = error;
    }
  });
  return planned;
}

/** One reservation per destination; when the batch does not fit as a whole, hold by hold. */
async function reserveAll(store: CommandStore, view: View, planned: readonly Planned[]): Promise<Planned[]> {
  const reserved = await Promise.all([...groupBy(planned, (move) => move.event.data.toLocationId)].map(async ([locationId, group]) => {
    const destination = destinationAt(view, locationId);
    if (await reserve(store.model, locationId, group.map((move) => move.hold), destination)) return group;
    const fitted: Planned[] = [];
    for (const move of group) if (await reserve(store.model, locationId, [move.hold], destination)) fitted.push(move);
    return fitted;
  }));
  return reserved.flat();
}

/** The items' commits in one bulk write; those that lost a race give their slots back (the caller wakes the relay for the rest). */
async function commitAll(store: CommandStore, reserved: readonly Planned[]): Promise<readonly Planned[]> {
  if (reserved.length === 0) return [];
  const { items } = store.model;
  const operations = reserved.map(({ commit }) => ({ updateOne: commit }));
  const { modifiedCount } = await items.bulkWrite(operations, { ordered: false });
  let committed = reserved;
  if (modifiedCount !== reserved.length) {
    // The bulk result has no per-statement outcome: an item committed our move iff it records its op.
    const after = await items.find({ _id: { $in: reserved.map(({ item }) => item._id) } }, { projection: { recentOps: 1 } }).toArray();
    const done = new Set(after.flatMap((item) => item.recentOps));
    committed = reserved.filter(({ hold }) => done.has(hold.op));
    await Promise.all(reserved.filter(({ hold }) => !done.has(hold.op)).map(({ event, hold }) => undo(store.model, event.data.toLocationId, hold)));
  }
  return committed;
}

/**
 * Moves distinct items (no item twice) in one pass: one read per aggregate family, one reservation per
 * destination, every commit in one bulk write, one settle per destination. Refusals are judged
 * against the state read; anything that lost a race (or found its destination full once the whole
 * batch counted) goes the one-by-one way, which re-reads, decides again and retries.
 */
export async function moveDistinctItems(store: CommandStore, moves: readonly MoveRequestOf[]): Promise<MoveOutcome[]> {
  const view = await loadMoves(store.model, moves.map(({ command }) => command));
  const outcomes: (MoveOutcome | undefined)[] = new Array(moves.length);
  const committed = await commitAll(store, await reserveAll(store, view, planMoves(store, view, moves, outcomes)));
  for (const { index, moved } of committed) outcomes[index] = moved;
  const settling = [...groupBy(committed, (move) => move.event.data.toLocationId)].map(([locationId, group]) => {
    const settled = settle(store.model, locationId, group.map((move) => move.hold));
    // As one move's: the relay publishes meanwhile and drops each held op with the events once settled.
    for (const { item, hold } of group) store.wake('items', item._id, settled.then(() => [hold.op], () => []));
    return settled;
  });
  await Promise.all(settling);
  for (const [index, { command, context }] of moves.entries()) {
    if (outcomes[index]) continue;
    outcomes[index] = await movedItem(store, command, context).catch((error: unknown) => {
      if (error instanceof ProblemError) return error;
      throw error;
    });
  }
  return outcomes as MoveOutcome[];
}
