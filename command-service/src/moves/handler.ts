import { MAX_TOKEN_POSITIONS, type AggregatePosition, type ItemMoved } from '@inventory/contracts';
import { noPendingAssignment } from '../assignment/stale-pending.js';
import type { ItemState } from '../domain/state.js';
import type { ItemEvent } from '../items/decider.js';
import { handlerOf, type CommandSpec, type Ran } from '../store/command-handler.js';
import type { ItemDocument, WriteModel } from '../store/documents.js';
import { destinationAt, capacityHold, type Hold } from '../store/holds.js';
import type { Protocol } from '../store/protocols.js';
import type { Handler } from '../store/store.js';
import { loadMore, loadView, type View } from '../store/view.js';
import { moveDecider, type MoveCommand, type MoveItem } from './decider.js';

/** The hold a move of `item` takes: its slots (children travel along) at the destination, freed where it leaves. */
export function moveHoldOf(item: ItemDocument, op: string): Hold {
  const n = 1 + item.children.length;
  return { op, itemId: item._id, n, releaseFrom: item.locationId, releaseN: n, at: Date.now() };
}

/** What a move takes part in: no assignment in flight on the item, and a capacity hold at the destination. */
export const moveProtocols = (model: WriteModel, view: View, item: ItemDocument, toLocationId: string, op: string): Protocol[] =>
  [noPendingAssignment(model, item), capacityHold(model, toLocationId, moveHoldOf(item, op), destinationAt(view, toLocationId), item)];

/** The item, its destination, the destination's type and the item's children (their versions go into the move's token). */
export async function loadMoves(model: WriteModel, moves: readonly MoveItem[]): Promise<View> {
  const found = await loadView(model, { items: moves.map((move) => move.itemId), locations: moves.map((move) => move.toLocationId) });
  const children = [...found.items.values()].flatMap((item) => item.children.map((child) => child.id));
  return loadMore(model, found, { locationTypes: [...found.locations.values()].map((location) => location.locationTypeId), items: children });
}

/**
 * Reserve room at the destination, commit the item with its ItemMoved, then free the room it left:
 * the destination can never be over-filled or deleted under the item, and a crash in between leaves
 * a hold the sweep resolves.
 */
const spec: CommandSpec<MoveCommand, ItemState, ItemEvent, 'items'> = {
  family: 'items',
  decider: moveDecider,
  aggregateId: (command) => command.itemId,
  load: (model, command) => loadMoves(model, [command]),
  protocols: (model, { command, view, current, op }) => moveProtocols(model, view, current!, command.toLocationId, op),
};

const run = handlerOf(spec);

/** A move as committed (its ItemMoved first among the events). */
export type Moved = Ran<ItemState, ItemDocument>;

export const movedItem: Handler<MoveItem, Moved> = (store, command, context) => run(store, { type: 'MoveItem', ...command }, context);

/**
 * What a reader of a move must wait for: its events and the carried children as they stood when it
 * was decided. A child's registration and assignment travel on the child's own partition, so the
 * parent's position alone could be applied before the child is known to the read side (where-is
 * of the child would answer 404). At most MAX_TOKEN_POSITIONS in all (a token names no more).
 */
export function movePositions({ events, view }: Moved): AggregatePosition[] {
  const own = events.map(({ metadata }) => metadata);
  const children = (events[0] as ItemMoved).data.movedChildIds.flatMap((id) => {
    const child = view.items.get(id);
    return child ? [{ aggregateId: id, aggregateVersion: child.version }] : [];
  });
  return [...own, ...children].slice(0, MAX_TOKEN_POSITIONS);
}

export const moveItem: Handler<MoveItem, ItemMoved> = async (store, command, context) => (await movedItem(store, command, context)).events[0] as ItemMoved;
