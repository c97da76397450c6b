import { z } from 'zod';
import { MAX_TOKEN_LENGTH } from '../http/consistency-token.js';
import { CONTROL, TRIMMED_SPACE, bmpClass, type CodePointSet } from './portable-pattern.js';

export const ROLES = ['admin', 'manager', 'operator', 'analyst', 'viewer'] as const;
export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });
export type Role = z.infer<typeof roleSchema>;

export const idSchema = z.uuid();

/**
 * Text the server trims: `pattern` is checked on the trimmed value, so it must also hold for the value as
 * sent (the OpenAPI document can only describe that one); the length bound holds before and after trimming.
 */
export const trimmedText = (max: number, pattern: string, message: string) =>
  z.string().max(max).trim().min(1).max(max).regex(new RegExp(pattern), message);
/** Optional surrounding whitespace that trimming removes, for patterns of trimmed text. */
export const TRIMMED_SPACE_CLASS = bmpClass(TRIMMED_SPACE);
/**
 * One code point outside `excluded`. Only BMP escapes, none of them a surrogate, so engines that read strings
 * as code points (Python, Rust: an astral character is one code point the negated class takes) and as UTF-16
 * code units (ECMAScript without `u`: both halves of a pair are outside the class) accept the same text.
 * Well-formedness (no lone surrogate) is not a pattern: most engines cannot even name a surrogate, so
 * `text` checks it with String.prototype.isWellFormed, as the gateway does for every string it is sent.
 */
const codePointExcept = (excluded: CodePointSet): string => bmpClass(excluded, true);
const VISIBLE = codePointExcept([...CONTROL, ...TRIMMED_SPACE]);
/** Once trimmed: not empty, no control character (\p{Cc}). */
export const VISIBLE_TEXT_PATTERN = `^${TRIMMED_SPACE_CLASS}*${VISIBLE}(${codePointExcept(CONTROL)}*${VISIBLE})?${TRIMMED_SPACE_CLASS}*$`;
const NOT_TEXT = 'must be well-formed Unicode text (no lone surrogates), not blank, without control characters';
/**
 * Visible text: bounded, trimmed, not blank, no control characters (they break CSV, logs and terminals),
 * and well-formed Unicode (a lone surrogate cannot be stored, published as Avro or read back).
 */
export const text = (max: number) => trimmedText(max, VISIBLE_TEXT_PATTERN, NOT_TEXT).refine((value) => value.isWellFormed(), NOT_TEXT);
export const nameSchema = text(200);
export const reasonSchema = text(500);

/** ISO 8601 with an explicit offset, so a time never depends on the server's zone. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** Read-model bookkeeping on every entity; `version` is the aggregate version of its last event. */
export const versionedFields = { version: z.number().int().positive(), createdAt: timestampSchema, updatedAt: timestampSchema };

/** Opaque continuation token from a previous page's nextCursor. */
export const cursorSchema = z.string().max(512).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this API issued');
export const pageQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: cursorSchema.nullable() }).strict();

/**
 * A filter on [from, to): `from` inclusive, `to` exclusive, both optional. A range whose `to` is not after
 * its `from` is empty and matches nothing: a filter has no order to break, and a JSON Schema could not state one.
 */
export const dateRangeQuerySchema = z.object({
  from: timestampSchema.optional().meta({ description: 'Inclusive start' }),
  to: timestampSchema.optional().meta({ description: 'Exclusive end; a `to` not after `from` matches nothing' }),
});

/** A query flag: exactly "true" or "false" (absent means false), parsed to a boolean. */
export const queryFlagSchema = z.enum(['true', 'false']).transform((flag) => flag === 'true');

export const idParamsSchema = z.object({ id: idSchema }).strict();

/** Every command's answer: the position of its events, to send back as Consistency-Token for read-your-writes. */
/** Sized for a bulk command's token (up to 500 aggregate positions, see consistency-token.ts). */
export const consistencyTokenSchema = z.string().min(1).max(MAX_TOKEN_LENGTH).regex(/^[A-Za-z0-9_-]+$/, 'not a token this API issued').meta({ id: 'ConsistencyToken', description: 'Position of the events this command produced' });
export const commandResult = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, consistencyToken: consistencyTokenSchema }).strict();
export const deletedSchema = commandResult({}).meta({ id: 'Deleted' });

/** Every PATCH needs at least one field. */
export const nonEmptyPatch = (patch: object): boolean => Object.values(patch).some((value) => value !== undefined);
export const EMPTY_PATCH = { message: 'give at least one field to change' };
/** The same rule in the document (JSON has no undefined, so a field given is a field changed). */
export const NON_EMPTY_PATCH_DOC = { minProperties: 1 } as const;

/** Header names of the REST surface. */
export const HEADERS = {
  idempotencyKey: 'Idempotency-Key',
  consistencyToken: 'Consistency-Token',
  correlationId: 'X-Correlation-Id',
} as const;
export const idempotencyKeySchema = z.string().min(8).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
