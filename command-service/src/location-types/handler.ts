import { randomUUID } from 'node:crypto';
import type { Filter } from 'mongodb';
import type { ItemDocument, LocationTypeDocument, WriteModel } from '../store/documents.js';
import { catalogSpec } from '../store/catalog-aggregate.js';
import type { LocationTypeState } from '../domain/state.js';
import { handlerOf, type CommandSpec, type Ran } from '../store/command-handler.js';
import { rulesFence } from '../store/rules-fence.js';
import { accepted, type Handler } from '../store/store.js';
import { loadMore, loadView, stateOf, type View, type Wanted } from '../store/view.js';
import { locationTypeClaims, locationTypeDecider, type DefineLocationType, type LocationTypeCommand, type LocationTypeEvent, type UpdateLocationType } from './decider.js';
const live = { deleted: false } as const;

/**
 * The locations and items that would break a changed rule, if any: one location over the new
 * capacity, one item of a no longer allowed type at a location of the type (on its own, or as a
 * child of a parent there, with that parent). decideUpdateLocationType judges them.
 */
async function breakingRule(model: WriteModel, { locationTypeId, capacity, allowedItemTypeIds: allowed }: UpdateLocationType): Promise<Wanted> {
  const over = capacity === undefined || capacity === null ? [] : await model.locations.find({ ...live, locationTypeId, occupancy: { $gt: capacity } }, { projection: { _id: 1 }, limit: 1 }).toArray();
  if (allowed === undefined || allowed === null) return { locations: over.map(({ _id }) => _id) };
  const locationIds = (await model.locations.find({ ...live, locationTypeId }, { projection: { _id: 1 } }).toArray()).map(({ _id }) => _id);
  const forbidden = async (filter: Filter<ItemDocument>) => model.items.find({ ...live, ...filter, itemTypeId: { $nin: allowed } }, { projection: { _id: 1, parentId: 1, locationId: 1 }, limit: 1 }).toArray();
  const parents = await model.items.find({ ...live, locationId: { $in: locationIds }, kind: 'PARENT' }, { projection: { _id: 1, locationId: 1 } }).toArray();
  const [standalone, children] = await Promise.all([forbidden({ locationId: { $in: locationIds } }), forbidden({ parentId: { $in: parents.map(({ _id }) => _id) } })]);
  const carriers = parents.filter(({ _id }) => children.some(({ parentId }) => parentId === _id));
  return {
    locations: [...over, ...standalone, ...carriers].map((found) => ('locationId' in found ? found.locationId : found._id)),
    items: [...standalone, ...children, ...carriers].map(({ _id }) => _id),
  };
}

/** The type as stored: a change is decided against its committed rules, not those a pending change adds for placements. */
function withStoredType(view: View, locationTypeId: string): View {
  const document = view.locationTypes.get(locationTypeId);
  if (!document) return view;
  return { ...view, world: { ...view.world, locationTypes: new Map(view.world.locationTypes).set(locationTypeId, stateOf<LocationTypeState>(document)) } };
}

const spec: CommandSpec<LocationTypeCommand, LocationTypeState, LocationTypeEvent, 'locationTypes'> = {
  family: 'locationTypes',
  decider: locationTypeDecider,
  aggregateId: (command) => command.locationTypeId,
  async load(model, command) {
    const view = withStoredType(await loadView(model, { locationTypes: [command.locationTypeId], itemTypes: command.type === 'RemoveLocationType' ? [] : command.allowedItemTypeIds ?? [] }), command.locationTypeId);
    return command.type === 'UpdateLocationType' ? loadMore(model, view, await breakingRule(model, command)) : view;
  },
  /** A capacity or allow-list change is fenced against placements decided under the old rules (rules-fence.ts). */
  protocols(model, { command, current, after }) {
    if (command.type !== 'UpdateLocationType' || (command.capacity === undefined && command.allowedItemTypeIds === undefined) || !current || !after) return [];
    const recheck = async () => void accepted(locationTypeDecider.decide(command, (await spec.load(model, command)).world));
    return [rulesFence(model, current, { capacity: after.capacity, allowedItemTypeIds: after.allowedItemTypeIds }, recheck)];
  },
};

const run = handlerOf(catalogSpec({ ...spec, claims: locationTypeClaims }));

const define: Handler<Omit<DefineLocationType, 'locationTypeId'>, Ran<LocationTypeState, LocationTypeDocument>> = (store, request, context) =>
  run(store, { type: 'DefineLocationType', ...request, locationTypeId: randomUUID() }, context);

const update: Handler<Omit<UpdateLocationType, 'locationTypeId'> & { id: string }, Ran<LocationTypeState, LocationTypeDocument>> = (store, { id, ...request }, context) =>
  run(store, { type: 'UpdateLocationType', ...request, locationTypeId: id }, context);

const remove: Handler<{ id: string }, Ran<LocationTypeState, LocationTypeDocument>> = (store, { id }, context) =>
  run(store, { type: 'RemoveLocationType', locationTypeId: id }, context);

export const locationTypeHandlers = { define, update, remove };
