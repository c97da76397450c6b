import { randomUUID } from 'node:crypto';
import type { LocationState } from '../domain/state.js';
import { withRetries } from '../store/aggregate.js';
import { handlerOf, runCommand, type CommandSpec, type Ran } from '../store/command-handler.js';
import type { LocationDocument, WriteModel } from '../store/documents.js';
import { claimsProtocol, countOn, noDependants, uncountOn } from '../store/protocols.js';
import { newLocationFence } from '../store/rules-fence.js';
import type { Handler } from '../store/store.js';
import { loadMore, loadView, type View } from '../store/view.js';
import { withTreeLock } from './tree-lock.js';
import { locationClaims, locationDecider, type CreateLocation, type LocationCommand, type LocationEvent, type UpdateLocation } from './decider.js';

/** The chain of ancestors above `parentId`, loaded one level at a time (trees are shallow). */
async function withAncestors(model: WriteModel, view: View, parentId: string | null | undefined): Promise<View> {
  let current = view;
  for (let next = parentId; next && !current.world.locations.has(next);) {
    current = await loadMore(model, current, { locations: [next] });
    next = current.world.locations.get(next)?.parentLocationId;
  }
  return current;
}

/**
 * Besides its code (a claim), a location is counted on its type (usage: the type's removal needs 0)
 * and on its parent (subLocations: the parent's delete needs 0). It is counted on a type only while
 * the type is live, and under a parent only while the parent is live and active, so a delete or
 * deactivation and a create (or re-parenting) under it serialize. Its delete requires what moves
 * reserve against to be empty: no items, no sub-locations, no holds in flight.
 */
const spec: CommandSpec<LocationCommand, LocationState, LocationEvent, 'locations'> = {
  family: 'locations',
  decider: locationDecider,
  aggregateId: (command) => command.locationId,
  async load(model, command) {
    switch (command.type) {
      case 'CreateLocation':
        return loadView(model, { locationTypes: [command.locationTypeId], locations: [command.parentLocationId] });
      case 'UpdateLocation':
        return withAncestors(model, await loadView(model, { locations: [command.locationId] }), command.parentLocationId);
      default:
        return loadView(model, { locations: [command.locationId] });
    }
  },
  protocols(model, { command, view, before, after }) {
    const parentOf = (state: LocationState | null) => state?.parentLocationId ?? null;
    const reparented = parentOf(before) !== parentOf(after);
    return [
      claimsProtocol(model, command.locationId, locationClaims(before), locationClaims(after)),
      before === null ? countOn(model.locationTypes, after!.locationTypeId, 'usage', { deleted: false }) : undefined,
      before === null ? newLocationFence(model, view.locationTypes.get(after!.locationTypeId), command.locationId) : undefined,
      after === null ? uncountOn(model.locationTypes, before!.locationTypeId, 'usage') : undefined,
      reparented ? countOn(model.locations, parentOf(after), 'subLocations', { deleted: false, active: true }) : undefined,
      reparented ? uncountOn(model.locations, parentOf(before), 'subLocations') : undefined,
      after === null ? noDependants({ occupancy: 0, subLocations: 0, holds: { $size: 0 } }) : undefined,
    ];
  },
  newFields: { holds: [] },
};

const run = handlerOf(spec);

export const createLocation: Handler<Omit<CreateLocation, 'locationId'>, Ran<LocationState, LocationDocument>> = (store, request, context) =>
  run(store, { type: 'CreateLocation', ...request, locationId: randomUUID() }, context);

/** Re-parenting runs under the tree lock and reads the ancestors only once it holds it. */
export const updateLocation: Handler<UpdateLocation, Ran<LocationState, LocationDocument>> = (store, request, context) => withRetries(async () => {
  const command = { type: 'UpdateLocation' as const, ...request };
  const found = await loadView(store.model, { locations: [command.locationId] });
  const reparenting = command.parentLocationId !== undefined && command.parentLocationId !== found.locations.get(command.locationId)?.parentLocationId;
  return reparenting ? withTreeLock(store.model, () => runCommand(spec, store, command, context)) : runCommand(spec, store, command, context);
});

export const deleteLocation: Handler<{ locationId: string }, Ran<LocationState, LocationDocument>> = (store, { locationId }, context) =>
  run(store, { type: 'DeleteLocation', locationId }, context);
