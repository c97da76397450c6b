import type { Filter } from 'mongodb';
import type { ItemDocument, LocationTypeDocument, WriteModel } from '../store/documents.js';
import { catalogHandlers } from '../store/catalog-aggregate.js';
import type { Wanted } from '../store/view.js';
import { decideDefineLocationType, decideRemoveLocationType, decideUpdateLocationType, type DefineLocationType, type UpdateLocationType } from './decide.js';

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

export const locationTypeHandlers = catalogHandlers<'locationTypeId', DefineLocationType, UpdateLocationType, LocationTypeDocument>({
  collection: (model) => model.locationTypes,
  family: 'locationTypes',
  idKey: 'locationTypeId',
  claimKind: 'location-type-name',
  references: (command) => ({ itemTypes: command.allowedItemTypeIds ?? [] }),
  witnesses: breakingRule,
  define: decideDefineLocationType,
  update: decideUpdateLocationType,
  remove: ({ id }, world) => decideRemoveLocationType({ locationTypeId: id }, world),
});
