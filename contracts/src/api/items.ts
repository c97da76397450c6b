import { z } from 'zod';
import type { ItemKind } from '../events/types.js';
import { problemDetailsSchema } from '../http/problem.js';
import { EMPTY_PATCH, NON_EMPTY_PATCH_DOC, commandResult, idSchema, nameSchema, nonEmptyPatch, pageOf, pageQuerySchema, text, timestampSchema, versionedFields } from './common.js';
import { CONTROL, bmpClass } from './portable-pattern.js';

export const ITEM_KINDS = ['PARENT', 'CHILD'] as const satisfies readonly ItemKind[];
export const itemKindSchema = z.enum(ITEM_KINDS).meta({ id: 'ItemKind' });
export const serialNumberSchema = text(128);
export const barcodeSchema = text(128);

/** Attribute keys: no leading "$", no ".", no control character (\p{Cc}). */
export const ATTRIBUTE_KEY_PATTERN = `^${bmpClass([0x24, 0x2e, ...CONTROL], true)}${bmpClass([0x2e, ...CONTROL], true)}*$`;

/**
 * Free attributes, string values. Keys cannot start with "$" or contain "." (document-store field
 * rules, and no operator injection); at most 50. zod drops a "__proto__" key while parsing, so
 * one never reaches an event (a plain-object decoder downstream would set a prototype with it).
 */
export const attributesSchema = z.record(
  z.string().min(1).max(64).regex(new RegExp(ATTRIBUTE_KEY_PATTERN), 'no leading $, no dots, no control characters'),
  z.string().max(1000),
).refine((attributes) => Object.keys(attributes).length <= 50, 'at most 50 attributes')
  // The key rule and the bound in the document too (the generator keeps neither from the record).
  .meta({ id: 'ItemAttributes', maxProperties: 50, propertyNames: { type: 'string', minLength: 1, maxLength: 64, pattern: ATTRIBUTE_KEY_PATTERN } });

export const itemSchema = z.object({
  id: idSchema,
  itemTypeId: idSchema,
  kind: itemKindSchema,
  name: nameSchema,
  serialNumber: serialNumberSchema.nullable(),
  barcode: barcodeSchema.nullable(),
  attributes: attributesSchema,
  /** Where the item physically is: for an assigned child, its parent's location. */
  locationId: idSchema,
  /** Set for an assigned child. */
  parentId: idSchema.nullable(),
  ...versionedFields,
}).strict().meta({ id: 'Item' });

export const createItemRequestSchema = z.object({
  itemTypeId: idSchema,
  kind: itemKindSchema,
  name: nameSchema,
  serialNumber: serialNumberSchema.nullable().default(null),
  barcode: barcodeSchema.nullable().default(null),
  attributes: attributesSchema.default({}),
  locationId: idSchema,
}).strict().meta({ id: 'CreateItemRequest' });
export const updateItemRequestSchema = z.object({
  name: nameSchema,
  serialNumber: serialNumberSchema.nullable(),
  barcode: barcodeSchema.nullable(),
  /** Replaces all attributes. */
  attributes: attributesSchema,
}).partial().strict().refine(nonEmptyPatch, EMPTY_PATCH).meta({ id: 'UpdateItemRequest', ...NON_EMPTY_PATCH_DOC });

export const searchItemsQuerySchema = pageQuerySchema.extend({
  serial: serialNumberSchema.optional(),
  barcode: barcodeSchema.optional(),
  itemType: idSchema.optional(),
  location: idSchema.optional(),
  kind: itemKindSchema.optional(),
  parentId: idSchema.optional(),
}).strict();

/** `at` asks where the item was at that time (from history); absent: now. */
export const itemLocationQuerySchema = z.object({ at: timestampSchema.optional() }).strict();
export const itemLocationSchema = z.object({
  itemId: idSchema,
  kind: itemKindSchema,
  locationId: idSchema,
  /** From the top-level location down to locationId. */
  locationPath: z.array(z.object({ id: idSchema, code: z.string(), name: z.string() }).strict()),
  /** Set for an assigned child: it is wherever this parent is. */
  parentId: idSchema.nullable(),
  /** The time this answer describes. */
  asOf: timestampSchema,
}).strict().meta({ id: 'ItemLocation' });

export const assignRequestSchema = z.object({ parentId: idSchema, reason: text(500).optional() }).strict().meta({ id: 'AssignRequest' });
export const releaseQuerySchema = z.object({ reason: text(500).optional() }).strict();
export const assignmentSchema = z.object({ childId: idSchema, parentId: idSchema, locationId: idSchema }).strict().meta({ id: 'Assignment' });
export const assignmentResultSchema = commandResult({ assignment: assignmentSchema }).meta({ id: 'AssignmentResult' });

/** Items one bulk registration may carry (like a bulk move): a CSV import sends its rows in requests of this size. */
export const MAX_BULK_ITEMS = 500;
export const bulkRegisterItemsRequestSchema = z.object({ items: z.array(createItemRequestSchema).min(1).max(MAX_BULK_ITEMS) }).strict().meta({ id: 'BulkRegisterItemsRequest' });
/** Each item of a bulk registration is registered or refused on its own, in request order; one refusal undoes nothing. */
export const bulkRegisterItemOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ index: z.number().int().min(0), outcome: z.literal('REGISTERED'), item: itemSchema }).strict(),
  z.object({ index: z.number().int().min(0), outcome: z.literal('REJECTED'), problem: problemDetailsSchema }).strict(),
]).meta({ id: 'BulkRegisterItemOutcome' });
export const bulkRegisterItemsResultSchema = commandResult({ results: z.array(bulkRegisterItemOutcomeSchema) }).meta({ id: 'BulkRegisterItemsResult' });

export const itemPageSchema = pageOf(itemSchema).meta({ id: 'ItemPage' });
/** The columns of the items export (`GET /items` with Accept: text/csv): an Item's fields, `attributes` as JSON text. */
export const ITEM_CSV_COLUMNS = ['id', 'name', 'itemTypeId', 'kind', 'serialNumber', 'barcode', 'locationId', 'parentId', 'version', 'createdAt', 'updatedAt', 'attributes'] as const;
export const itemResultSchema = commandResult({ item: itemSchema }).meta({ id: 'ItemResult' });

export type ItemAttributes = z.infer<typeof attributesSchema>;
export type Item = z.infer<typeof itemSchema>;
export type CreateItemRequest = z.infer<typeof createItemRequestSchema>;
export type UpdateItemRequest = z.infer<typeof updateItemRequestSchema>;
export type SearchItemsQuery = z.infer<typeof searchItemsQuerySchema>;
export type ItemLocationQuery = z.infer<typeof itemLocationQuerySchema>;
export type ItemLocation = z.infer<typeof itemLocationSchema>;
export type AssignRequest = z.infer<typeof assignRequestSchema>;
export type ReleaseQuery = z.infer<typeof releaseQuerySchema>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type AssignmentResult = z.infer<typeof assignmentResultSchema>;
export type ItemPage = z.infer<typeof itemPageSchema>;
export type BulkRegisterItemsRequest = z.infer<typeof bulkRegisterItemsRequestSchema>;
export type BulkRegisterItemOutcome = z.infer<typeof bulkRegisterItemOutcomeSchema>;
export type BulkRegisterItemsResult = z.infer<typeof bulkRegisterItemsResultSchema>;
export type ItemResult = z.infer<typeof itemResultSchema>;
