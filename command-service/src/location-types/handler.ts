import { catalogHandlers } from '../store/catalog-aggregate.js';
import { decideDefineLocationType, decideRemoveLocationType, decideUpdateLocationType, type DefineLocationType, type UpdateLocationType } from './decide.js';

export const locationTypeHandlers = catalogHandlers<'locationTypeId', DefineLocationType, UpdateLocationType>({
  collection: (model) => model.locationTypes as never,
  family: 'locationTypes',
  idKey: 'locationTypeId',
  claimKind: 'location-type-name',
  references: (command) => ({ itemTypes: command.allowedItemTypeIds ?? [] }),
  define: decideDefineLocationType,
  update: decideUpdateLocationType,
  remove: ({ id }, world) => decideRemoveLocationType({ locationTypeId: id }, world),
});
