import { z } from 'zod';
import { EMPTY_PATCH, NON_EMPTY_PATCH_DOC, commandResult, idSchema, nameSchema, nonEmptyPatch, pageQuerySchema, versionedFields } from './common.js';

/** Location types and item types (the catalog). */

const locationTypeFields = {
  name: nameSchema,
  /** null or absent: any item type may be stored. */
  allowedItemTypeIds: z.array(idSchema).max(200).nullable(),
  /** null or absent: unlimited. Counts items physically at one location, assigned children included. */
  capacity: z.number().int().min(0).max(1_000_000).nullable(),
};
export const locationTypeSchema = z.object({ id: idSchema, ...locationTypeFields, ...versionedFields }).strict().meta({ id: 'LocationType' });
export const createLocationTypeRequestSchema = z.object({
  name: locationTypeFields.name,
  allowedItemTypeIds: locationTypeFields.allowedItemTypeIds.default(null),
  capacity: locationTypeFields.capacity.default(null),
}).strict().meta({ id: 'CreateLocationTypeRequest' });
export const updateLocationTypeRequestSchema = z.object(locationTypeFields).partial().strict().refine(nonEmptyPatch, EMPTY_PATCH).meta({ id: 'UpdateLocationTypeRequest', ...NON_EMPTY_PATCH_DOC });

/** A JSON Schema (draft 2020-12) object that items' attributes must satisfy. */
const attributesSchemaSchema = z.record(z.string(), z.unknown()).nullable().meta({ description: 'JSON Schema for item attributes; null: free attributes' });
export const itemTypeSchema = z.object({ id: idSchema, name: nameSchema, attributesSchema: attributesSchemaSchema, ...versionedFields }).strict().meta({ id: 'ItemType' });
export const createItemTypeRequestSchema = z.object({ name: nameSchema, attributesSchema: attributesSchemaSchema.default(null) }).strict().meta({ id: 'CreateItemTypeRequest' });
export const updateItemTypeRequestSchema = z.object({ name: nameSchema, attributesSchema: attributesSchemaSchema }).partial().strict().refine(nonEmptyPatch, EMPTY_PATCH).meta({ id: 'UpdateItemTypeRequest', ...NON_EMPTY_PATCH_DOC });

export const listTypesQuerySchema = pageQuerySchema.extend({ name: nameSchema.optional() }).strict();

export const locationTypeResultSchema = commandResult({ locationType: locationTypeSchema }).meta({ id: 'LocationTypeResult' });
export const itemTypeResultSchema = commandResult({ itemType: itemTypeSchema }).meta({ id: 'ItemTypeResult' });

export type LocationType = z.infer<typeof locationTypeSchema>;
export type CreateLocationTypeRequest = z.infer<typeof createLocationTypeRequestSchema>;
export type UpdateLocationTypeRequest = z.infer<typeof updateLocationTypeRequestSchema>;
export type ItemType = z.infer<typeof itemTypeSchema>;
export type CreateItemTypeRequest = z.infer<typeof createItemTypeRequestSchema>;
export type UpdateItemTypeRequest = z.infer<typeof updateItemTypeRequestSchema>;
export type ListTypesQuery = z.infer<typeof listTypesQuerySchema>;
export type LocationTypeResult = z.infer<typeof locationTypeResultSchema>;
export type ItemTypeResult = z.infer<typeof itemTypeResultSchema>;
