import { randomUUID } from 'node:crypto';
import { claimOf } from '../domain/claims.js';
import type { LocationState } from '../domain/state.js';
import { releaseClaims, takeClaims } from '../store/claims.js';
import { commit, newDocument, withRetries, WriteConflict } from '../store/aggregate.js';
import type { LocationDocument, WriteModel } from '../store/documents.js';
import { stamp, type CommandContext } from '../store/stamp.js';
import { accepted, type CommandStore, type Handler, type Saved } from '../store/store.js';
import { loadMore, loadView, type View } from '../store/view.js';
import { withTreeLock } from './tree-lock.js';
import { decideCreateLocation, decideDeleteLocation, decideUpdateLocation, type CreateLocation, type UpdateLocation } from './decide.js';

const codeClaim = (code: string) => [{ claim: claimOf('location-code', code), code: 'DUPLICATE_CODE' as const, what: `location code "${code}"` }];

/**
 * Counts a sub-location on a live, active parent; refused once the parent is deleted or
 * deactivated, so a delete or deactivation and a create (or re-parenting) under it serialize.
 */
async function countSubLocation(model: WriteModel, parentId: string | null, delta: 1 | -1): Promise<boolean> {
  if (parentId === null) return true;
  const { modifiedCount } = await model.locations.updateOne(delta > 0 ? { _id: parentId, deleted: false, active: true } : { _id: parentId }, { $inc: { subLocations: delta } });
  return modifiedCount === 1;
}

export const createLocation: Handler<Omit<CreateLocation, 'locationId'>, Saved<LocationDocument>> = (store, request, context) => withRetries(async () => {
  const { model } = store;
  const command = { ...request, locationId: randomUUID() };
  const view = await loadView(model, { locationTypes: [command.locationTypeId], locations: [command.parentLocationId] });
  const drafts = accepted(decideCreateLocation(command, view.world));
  const refused = await takeClaims(model, command.locationId, codeClaim(command.code));
  if (refused) accepted(refused);
  const typed = await model.locationTypes.updateOne({ _id: command.locationTypeId, deleted: false }, { $inc: { usage: 1 } });
  if (typed.modifiedCount !== 1 || !(await countSubLocation(model, command.parentLocationId, 1))) {
    if (typed.modifiedCount === 1) await model.locationTypes.updateOne({ _id: command.locationTypeId }, { $inc: { usage: -1 } });
    await releaseClaims(model, command.locationId, [claimOf('location-code', command.code)]);
    throw new WriteConflict('location type or parent changed meanwhile');
  }
  const events = stamp(drafts, command.locationId, 0, context);
  const { locationId, ...fields } = command;
  const document = newDocument(locationId, { ...fields, active: true, occupancy: 0, subLocations: 0, holds: [] }, events) as LocationDocument;
  await model.locations.insertOne(document);
  store.wake('locations', document._id);
  return { events, document };
});

/** The chain of ancestors above `parentId`, loaded one level at a time (trees are shallow). */
async function withAncestors(model: WriteModel, view: View, parentId: string | null | undefined): Promise<View> {
  let current = view;
  for (let next = parentId; next && !current.world.locations.has(next);) {
    current = await loadMore(model, current, { locations: [next] });
    next = current.world.locations.get(next)?.parentLocationId;
  }
  return current;
}

/** Re-parenting runs under the tree lock and reads the ancestors only once it holds it. */
export const updateLocation: Handler<UpdateLocation, Saved<LocationDocument>> = (store, command, context) => withRetries(async () => {
  const found = await loadView(store.model, { locations: [command.locationId] });
  const reparenting = command.parentLocationId !== undefined && command.parentLocationId !== found.locations.get(command.locationId)?.parentLocationId;
  return reparenting ? withTreeLock(store.model, () => applyUpdate(store, command, context)) : applyUpdate(store, command, context, found);
});

async function applyUpdate(store: CommandStore, command: UpdateLocation, context: CommandContext, found?: View): Promise<Saved<LocationDocument>> {
  const { model } = store;
  const view = await withAncestors(model, found ?? await loadView(model, { locations: [command.locationId] }), command.parentLocationId);
  const drafts = accepted(decideUpdateLocation(command, view.world));
  const current = view.locations.get(command.locationId)!;
  const next = drafts[0]!.data as Omit<LocationState, 'id' | 'occupancy' | 'subLocations' | 'locationTypeId'>;
  const recoded = claimOf('location-code', next.code) !== claimOf('location-code', current.code);
  const refused = recoded ? await takeClaims(model, current._id, codeClaim(next.code)) : undefined;
  if (refused) accepted(refused);
  const reparented = next.parentLocationId !== current.parentLocationId;
  const undoClaim = () => (recoded ? releaseClaims(model, current._id, [claimOf('location-code', next.code)]) : undefined);
  if (reparented && !(await countSubLocation(model, next.parentLocationId, 1))) {
    await undoClaim();
    throw new WriteConflict('new parent changed meanwhile');
  }
  const events = stamp(drafts, current._id, current.version, context);
  let document: LocationDocument;
  try {
    document = await commit(model.locations, current, { code: next.code, name: next.name, parentLocationId: next.parentLocationId, active: next.active }, events);
  } catch (error) {
    if (reparented) await countSubLocation(model, next.parentLocationId, -1);
    await undoClaim();
    throw error;
  }
  store.wake('locations', current._id);
  if (reparented) await countSubLocation(model, current.parentLocationId, -1);
  if (recoded) await releaseClaims(model, current._id, [claimOf('location-code', current.code)]);
  return { events, document };
}

/** Conditional on the same counters moves reserve against: a racing arrival and this delete serialize. */
export const deleteLocation: Handler<{ locationId: string }> = (store, command, context) => withRetries(async () => {
  const { model } = store;
  const view = await loadView(model, { locations: [command.locationId] });
  const drafts = accepted(decideDeleteLocation(command, view.world));
  const current = view.locations.get(command.locationId)!;
  const events = stamp(drafts, current._id, current.version, context);
  await commit(model.locations, current, { deleted: true }, events, { occupancy: 0, subLocations: 0, holds: { $size: 0 } });
  store.wake('locations', current._id);
  await countSubLocation(model, current.parentLocationId, -1);
  await model.locationTypes.updateOne({ _id: current.locationTypeId }, { $inc: { usage: -1 } });
  await releaseClaims(model, current._id, [claimOf('location-code', current.code)]);
  return events;
});
