import type { ItemTypeDocument } from '../store/documents.js';
import { catalogHandlers } from '../store/catalog-aggregate.js';
import { decideDefineItemType, decideRemoveItemType, decideUpdateItemType, type DefineItemType, type UpdateItemType } from './decide.js';

export const itemTypeHandlers = catalogHandlers<'itemTypeId', DefineItemType, UpdateItemType, ItemTypeDocument>({
  collection: (model) => model.itemTypes,
  family: 'itemTypes',
  idKey: 'itemTypeId',
  claimKind: 'item-type-name',
  references: () => ({}),
  define: decideDefineItemType,
  update: decideUpdateItemType,
  remove: ({ id }, world) => decideRemoveItemType({ itemTypeId: id }, world),
});
