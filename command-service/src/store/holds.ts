import type { Filter } from 'mongodb';
import { storeProfileOf } from '@inventory/platform';
import { WriteConflict } from './aggregate.js';
import type { ItemDocument, LocationDocument, WriteModel } from './documents.js';
import type { Protocol } from './protocols.js';
import { rulesFilter, rulesRevisionOf } from './rules-fence.js';
import { withRecentOp } from './store.js';
import type { View } from './view.js';

/**
 * A reservation of `n` slots on one location by operation `op` (the id of the event that will
 * commit it), recorded on that location in the same write that counts the slots. After the item
 * commits, `settle` drops the hold and frees `releaseN` slots at `releaseFrom` (where the item
 * left). If the process dies in between, the hold stays visible and the sweep finishes or undoes
 * it depending on whether the item committed `op` (see stale-holds.ts; the item keeps the op in
 * heldOps until the hold is settled, so that answer survives any number of later operations).
 */
export interface Hold {
  op: string;
  itemId: string;
  n: number;
  releaseFrom: string | null;
  releaseN: number;
  at: number;
}

export const encodeHold = (hold: Hold): string => JSON.stringify(hold);

/**
 * Counts the slots of every hold only if the location is live, active, has room for all of them
 * (capacity null: unlimited) and was not fenced by a rule change of its type since the command read
 * that type (rules-fence.ts): one write, so a batch either fits as a whole or changes nothing.
 */
export async function reserve(model: WriteModel, locationId: string, holds: readonly Hold[], { capacity, rulesRevision }: Destination): Promise<boolean> {
  const slots = holds.reduce((sum, hold) => sum + hold.n, 0);
  const filter: Filter<LocationDocument> = { _id: locationId, deleted: false, active: true, ...rulesFilter(rulesRevision) };
  if (capacity !== null) filter.occupancy = { $lte: capacity - slots };
  const { modifiedCount } = await model.locations.updateOne(filter, { $inc: { occupancy: slots }, $push: { holds: { $each: holds.map(encodeHold) } } });
  return modifiedCount === 1;
}

/** Records a hold without taking room: an item leaving (retire) still needs its departure finished after a crash. */
export async function recordDeparture(model: WriteModel, locationId: string, hold: Hold): Promise<void> {
  await model.locations.updateOne({ _id: locationId }, { $push: { holds: encodeHold(hold) } });
}

/**
 * Drops the holds and frees what their items left. Only whoever removes a hold acts on it (the
 * document as it was before the pull says which of them were still there), so a sweep racing a
 * slow request cannot free slots twice.
 */
export async function settle(model: WriteModel, locationId: string, holds: readonly Hold[]): Promise<void> {
  const encoded = holds.map(encodeHold);
  const projection = storeProfileOf(model.locations).findAndModifyProjection ? { projection: { holds: 1 } } : {};
  const before = await model.locations.findOneAndUpdate({ _id: locationId, holds: { $in: encoded } }, { $pullAll: { holds: encoded } }, { returnDocument: 'before', ...projection });
  const removed = new Set(before?.holds ?? []);
  const freed = new Map<string, number>();
  for (const hold of holds) {
    if (hold.releaseFrom !== null && removed.has(encodeHold(hold))) freed.set(hold.releaseFrom, (freed.get(hold.releaseFrom) ?? 0) + hold.releaseN);
  }
  await Promise.all([...freed].map(([sourceId, slots]) => model.locations.updateOne({ _id: sourceId }, { $inc: { occupancy: -slots } })));
}

/**
 * Settled holds' ops, dropped from their items' heldOps (an op left behind is harmless: the sweep
 * finds no hold to act on). A request hands this to the outbox relay, whose pull of the published
 * events drops them in the same write (see OutboxRelay.wake); the sweep does it here. Commits only
 * ever push to heldOps, so no revision bump is needed to keep one from writing an op back.
 */
export async function forgetHeldOps(model: WriteModel, holds: readonly Pick<Hold, 'itemId' | 'op'>[]): Promise<void> {
  const ops = holds.map((hold) => hold.op);
  await model.items.updateMany({ _id: { $in: [...new Set(holds.map((hold) => hold.itemId))] }, heldOps: { $in: ops } }, { $pullAll: { heldOps: ops } });
}

/** Gives the reserved slots back, atomically with dropping the hold. */
export async function undo(model: WriteModel, locationId: string, hold: Hold): Promise<void> {
  await model.locations.updateOne({ _id: locationId, holds: encodeHold(hold) }, { $pull: { holds: encodeHold(hold) }, $inc: { occupancy: -hold.n } });
}

/**
 * The capacity-hold protocol of an arrival (register, move, an assignment from elsewhere): room is
 * reserved at the destination before the commit (else the destination changed under the decision:
 * retry), given back if the commit fails, settled after it. The item commits the op as held.
 */
export function capacityHold(model: WriteModel, locationId: string, hold: Hold, destination: Destination, item: Partial<Pick<ItemDocument, 'recentOps'>>): Protocol {
  return {
    async take() {
      if (!(await reserve(model, locationId, [hold], destination))) throw new WriteConflict(`location ${locationId} changed meanwhile`);
    },
    giveBack: () => undo(model, locationId, hold),
    finish: () => settle(model, locationId, [hold]),
    set: { recentOps: withRecentOp(item.recentOps, hold.op) },
    heldOp: hold.op,
  };
}

/** The departure of a retired item: recorded as a hold first, so the freed slot is not lost if we die after the commit. */
export function departureHold(model: WriteModel, locationId: string, hold: Hold): Protocol {
  return {
    take: () => recordDeparture(model, locationId, hold),
    giveBack: () => undo(model, locationId, hold),
    finish: () => settle(model, locationId, [hold]),
    set: { recentOps: [hold.op] },
  };
}

/** What a reservation at a location decides under: its type's capacity (null: unlimited or unknown; pending rules included) and rules revision, as the view read them. */
export interface Destination {
  capacity: number | null;
  rulesRevision: number;
}

export function destinationAt(view: View, locationId: string): Destination {
  const locationTypeId = view.world.locations.get(locationId)?.locationTypeId ?? '';
  return { capacity: view.world.locationTypes.get(locationTypeId)?.capacity ?? null, rulesRevision: rulesRevisionOf(view.locationTypes.get(locationTypeId)) };
}
