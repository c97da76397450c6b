import { z } from 'zod';
import { EMPTY_PATCH, NON_EMPTY_PATCH_DOC, commandResult, idSchema, nameSchema, nonEmptyPatch, pageOf, pageQuerySchema, queryFlagSchema, timestampSchema, TRIMMED_SPACE_CLASS, trimmedText, versionedFields } from './common.js';
import { itemSchema } from './items.js';

/** Location codes are what scanners read: letters, digits and - _ . / only. */
export const locationCodeSchema = trimmedText(64, `^${TRIMMED_SPACE_CLASS}*[A-Za-z0-9][A-Za-z0-9._/-]*${TRIMMED_SPACE_CLASS}*$`, 'letters, digits and . _ / - only');

export const locationSchema = z.object({
  id: idSchema,
  code: locationCodeSchema,
  name: nameSchema,
  locationTypeId: idSchema,
  parentLocationId: idSchema.nullable(),
  /** Inactive locations accept no moves. */
  active: z.boolean(),
  ...versionedFields,
}).strict().meta({ id: 'Location' });

export const createLocationRequestSchema = z.object({
  code: locationCodeSchema,
  name: nameSchema,
  locationTypeId: idSchema,
  parentLocationId: idSchema.nullable().default(null),
}).strict().meta({ id: 'CreateLocationRequest' });
export const updateLocationRequestSchema = z.object({
  code: locationCodeSchema,
  name: nameSchema,
  /** null moves the location to the top level; the new parent must not be inside it. */
  parentLocationId: idSchema.nullable(),
  active: z.boolean(),
}).partial().strict().refine(nonEmptyPatch, EMPTY_PATCH).meta({ id: 'UpdateLocationRequest', ...NON_EMPTY_PATCH_DOC });

export const listLocationsQuerySchema = pageQuerySchema.extend({
  code: locationCodeSchema.optional(),
  locationType: idSchema.optional(),
  parentLocationId: idSchema.optional(),
  active: queryFlagSchema.optional(),
}).strict();

export const locationContentsQuerySchema = pageQuerySchema.extend({
  /** Include what is in sub-locations, at any depth. */
  recursive: queryFlagSchema.optional(),
  /** Include children assigned to parents found there (they are where their parent is). */
  includeChildren: queryFlagSchema.optional(),
  itemType: idSchema.optional(),
  /** What the location held at that moment (from the timeline read model; items described as they are now); absent: now. */
  at: timestampSchema.optional(),
}).strict();

export const locationContentEntrySchema = z.object({
  item: itemSchema,
  /** The location the item is directly at (a sub-location when recursive). */
  locationId: idSchema,
  /** Set for an assigned child: the parent it travels with. */
  viaParentId: idSchema.nullable(),
}).strict().meta({ id: 'LocationContentEntry' });
export const locationContentsSchema = pageOf(locationContentEntrySchema).meta({ id: 'LocationContentsPage' });

/** The tree flattened depth-first: each node after its parent, `depth` 0 at the top. */
export const locationTreeNodeSchema = locationSchema.pick({ id: true, code: true, name: true, locationTypeId: true, parentLocationId: true, active: true })
  .extend({ depth: z.number().int().min(0) }).strict().meta({ id: 'LocationTreeNode' });
export const locationTreeQuerySchema = z.object({ rootId: idSchema.optional(), maxDepth: z.coerce.number().int().min(0).max(64).optional() }).strict();
export const locationTreeSchema = z.object({ nodes: z.array(locationTreeNodeSchema) }).strict().meta({ id: 'LocationTree' });

export const locationPageSchema = pageOf(locationSchema).meta({ id: 'LocationPage' });
export const locationResultSchema = commandResult({ location: locationSchema }).meta({ id: 'LocationResult' });

export type Location = z.infer<typeof locationSchema>;
export type CreateLocationRequest = z.infer<typeof createLocationRequestSchema>;
export type UpdateLocationRequest = z.infer<typeof updateLocationRequestSchema>;
export type ListLocationsQuery = z.infer<typeof listLocationsQuerySchema>;
export type LocationContentsQuery = z.infer<typeof locationContentsQuerySchema>;
export type LocationContentEntry = z.infer<typeof locationContentEntrySchema>;
export type LocationContents = z.infer<typeof locationContentsSchema>;
export type LocationTreeNode = z.infer<typeof locationTreeNodeSchema>;
export type LocationTreeQuery = z.infer<typeof locationTreeQuerySchema>;
export type LocationTree = z.infer<typeof locationTreeSchema>;
export type LocationPage = z.infer<typeof locationPageSchema>;
export type LocationResult = z.infer<typeof locationResultSchema>;
