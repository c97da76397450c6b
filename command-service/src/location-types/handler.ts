import type { LocationTypeDocument } from '../store/documents.js';
import { catalogHandlers } from '../store/catalog-aggregate.js';
import { decideDefineLocationType, decideRemoveLocationType, decideUpdateLocationType, type DefineLocationType, type UpdateLocationType } from './decide.js';

export const locationTypeHandlers = catalogHandlers<'locationTypeId', DefineLocationType, UpdateLocationType, LocationTypeDocument>({
  collection: (model) => model.locationTypes,
  family: 'locationTypes',
  idKey: 'locationTypeId',
  claimKind: 'location-type-name',
  references: (command) => ({ itemTypes: command.allowedItemTypeIds ?? [] }),
  define: decideDefineLocationType,
  update: decideUpdateLocationType,
  remove: ({ id }, world) => decideRemoveLocationType({ locationTypeId: id }, world),
});
