import { isDeepStrictEqual } from 'node:util';
import { Context } from 'mingo/core';
import * as queryOperators from 'mingo/operators/query';
import * as updateOperators from 'mingo/operators/update';
import { Query } from 'mingo/query';
import { MongoServerError, type Document } from 'mongodb';
import { matchesCommon, updateCommon } from './common-operators.js';

/** A stored document as the unit of work keeps it (string `_id`s only: every read model uses them). */
export type Doc = Document & { _id: string };

/**
 * The optimistic-concurrency token every document written through a unit of work carries
 * (changed on every write): a write-back only replaces the version it read. Whoever else writes
 * such a document (a sweeper, a tool) must set a new one too (see newRevision).
 */
export const REVISION_FIELD = '_rev';

/**
 * The ids a filter addresses: `_id` equality or `_id: {$in: [...]}`, nothing else. A filter
 * without them would have to scan, which the unit of work refuses rather than hide.
 */
export function idsOf(filter: Document): string[] {
  const id: unknown = filter._id;
  if (typeof id === 'string') return [id];
  if (id && typeof id === 'object' && Array.isArray((id as { $in?: unknown }).$in) && Object.keys(id).length === 1) {
    const ids = (id as { $in: unknown[] }).$in;
    if (ids.every((each): each is string => typeof each === 'string')) return [...new Set(ids)];
  }
  throw new Error(`a unit of work addresses documents by string _id or _id $in only, not ${JSON.stringify(filter)}`);
}

/**
 * For what common-operators.ts does not cover. Built once: mingo's all-in-one entry points build a
 * context of every operator per call, which cost more than the store's round trips this replaces.
 */
const QUERY_OPTIONS = { context: Context.init().addQueryOps({ ...queryOperators }) };

/** Whether `doc` (one of the filter's `_id`s, see idsOf) matches the rest of the filter. */
export function matches(filter: Document, doc: Doc): boolean {
  const { _id, ...conditions } = filter;
  if (Object.keys(conditions).length === 0) return true;
  return matchesCommon(conditions, doc) ?? new Query(conditions, QUERY_OPTIONS).test(doc);
}

type UpdateOperator = (expression: Document) => (doc: Document) => string[];
const UPDATE_OPERATORS = updateOperators as unknown as Record<string, UpdateOperator | undefined>;

/** `doc` after the update operators (a new object unless nothing changed) and whether anything changed. */
function applyModifier<T extends Document>(doc: T, modifier: Document): { doc: T; changed: boolean } {
  const common = updateCommon(doc, modifier);
  if (common) return common;
  const next = structuredClone(doc);
  let changed = false;
  // A copy of the caller's values: the document must not share objects the caller still holds.
  for (const [name, expression] of Object.entries(structuredClone(modifier))) {
    const operator = UPDATE_OPERATORS[name];
    if (!operator) throw new Error(`a unit of work does not support the update operator ${name}`);
    changed = operator(expression as Document)(next).length > 0 || changed;
  }
  return { doc: next, changed };
}

/** The same as the store's error for a unique `_id` clash, so projection code handling one works unchanged. */
export const duplicateKeyError = (collection: string, id: string): MongoServerError =>
  new MongoServerError({ message: `E11000 duplicate key error collection: ${collection} dup key: { _id: ${JSON.stringify(id)} }`, code: 11000 });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** What an upsert inserts before its update operators apply: the filter's plain equality fields. */
function upsertSeed(filter: Document, id: string): Doc {
  const equalities = Object.entries(filter).filter(([key, value]) => key !== '_id' && !key.startsWith('$') && !(isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))));
  return applyModifier<Doc>({ _id: id }, { $set: Object.fromEntries(equalities) }).doc;
}

export interface UpdateOutcome {
  doc: Doc | null;
  matched: boolean;
  modified: boolean;
  upserted: boolean;
}

/**
 * One update statement (operators only) on one document, as the store applies it: a matching
 * document is updated; none and `upsert`: a new one from the filter's equalities, `$setOnInsert`
 * included; a document that exists but does not match and `upsert`: the store's duplicate key.
 */
export function updateDocument(collection: string, id: string, current: Doc | null, filter: Document, update: Document, upsert: boolean): UpdateOutcome {
  const { $setOnInsert, ...modifier } = update as { $setOnInsert?: Document } & Document;
  for (const operator of Object.keys(modifier)) if (!operator.startsWith('$')) throw new Error(`a unit of work applies update operators only, not a replacement (${operator})`);
  if (current && matches(filter, current)) {
    const { doc: next, changed } = applyModifier(current, modifier);
    return changed ? { doc: next, matched: true, modified: true, upserted: false } : { doc: current, matched: true, modified: false, upserted: false };
  }
  if (!upsert) return { doc: current, matched: false, modified: false, upserted: false };
  if (current) throw duplicateKeyError(collection, id);
  const { $set, ...rest } = modifier as { $set?: Document } & Document;
  const { doc: inserted } = applyModifier(upsertSeed(filter, id), { ...rest, $set: { ...$setOnInsert, ...$set } });
  return { doc: inserted, matched: false, modified: false, upserted: true };
}

/**
 * A copy as the caller sees it: top-level inclusion (`{a: 1}`, `_id` kept unless `_id: 0`) or
 * exclusion (`{a: 0}`), never the revision.
 */
export function projected(doc: Doc | null, projection?: Document): Doc | null {
  if (!doc) return null;
  const { [REVISION_FIELD]: _revision, ...visible } = structuredClone(doc);
  if (!projection || Object.keys(projection).length === 0) return visible as Doc;
  const fields = Object.entries(projection);
  if (fields.some(([key]) => key.includes('.'))) throw new Error(`a unit of work projects top-level fields only, not ${JSON.stringify(projection)}`);
  const including = fields.some(([key, value]) => key !== '_id' && Boolean(value));
  if (!including) return Object.fromEntries(Object.entries(visible).filter(([key]) => projection[key] === undefined || Boolean(projection[key]))) as Doc;
  const keep = new Set(fields.filter(([, value]) => Boolean(value)).map(([key]) => key));
  if (projection._id === undefined || Boolean(projection._id)) keep.add('_id');
  return Object.fromEntries(Object.entries(visible).filter(([key]) => keep.has(key))) as Doc;
}

export const sameResult = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);
