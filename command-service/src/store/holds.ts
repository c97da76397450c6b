import type { Filter } from 'mongodb';
import type { LocationDocument, WriteModel } from './documents.js';

/**
 * A reservation of `n` slots on one location by operation `op` (the id of the event that will
 * commit it), recorded on that location in the same write that counts the slots. After the item
 * commits, `settle` drops the hold and frees `releaseN` slots at `releaseFrom` (where the item
 * left). If the process dies in between, the hold stays visible and the sweep finishes or undoes
 * it depending on whether the item committed `op` (see sweep.ts).
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

/** Counts the slots only if the location is live, active and has room (capacity null: unlimited). */
export async function reserve(model: WriteModel, locationId: string, hold: Hold, capacity: number | null): Promise<boolean> {
  const filter: Filter<LocationDocument> = { _id: locationId, deleted: false, active: true };
  if (capacity !== null) filter.occupancy = { $lte: capacity - hold.n };
  const { modifiedCount } = await model.locations.updateOne(filter, { $inc: { occupancy: hold.n }, $push: { holds: encodeHold(hold) } });
  return modifiedCount === 1;
}

/** Records a hold without taking room: an item leaving (retire) still needs its departure finished after a crash. */
export async function recordDeparture(model: WriteModel, locationId: string, hold: Hold): Promise<void> {
  await model.locations.updateOne({ _id: locationId }, { $push: { holds: encodeHold(hold) } });
}

/** Only whoever removes the hold acts on it, so a sweep racing a slow request cannot free slots twice. */
export async function settle(model: WriteModel, locationId: string, hold: Hold): Promise<void> {
  const { modifiedCount } = await model.locations.updateOne({ _id: locationId, holds: encodeHold(hold) }, { $pull: { holds: encodeHold(hold) } });
  if (modifiedCount === 1 && hold.releaseFrom !== null) await model.locations.updateOne({ _id: hold.releaseFrom }, { $inc: { occupancy: -hold.releaseN } });
}

/** Gives the reserved slots back, atomically with dropping the hold. */
export async function undo(model: WriteModel, locationId: string, hold: Hold): Promise<void> {
  await model.locations.updateOne({ _id: locationId, holds: encodeHold(hold) }, { $pull: { holds: encodeHold(hold) }, $inc: { occupancy: -hold.n } });
}
