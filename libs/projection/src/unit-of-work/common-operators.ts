import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'mongodb';

/**
 * The filter and update operators projections use, evaluated directly (mingo compiles a query per
 * call, which at ~10 statements per event cost more CPU than the rest of a unit of work). Anything
 * outside this subset — an array on a dotted path, an operator not listed, an update modifier
 * such as $each on $push — answers undefined and the caller falls back to mingo. The int test runs
 * every statement shape the projections use against the real store.
 */

type Path = string[];
const NOT_COVERED = Symbol('not covered');
type Covered<T> = T | typeof NOT_COVERED;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
const isOperatorObject = (value: unknown): value is Record<string, unknown> => isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => key.startsWith('$'));

/** The value at a dotted path; NOT_COVERED when the path runs through an array (Mongo's traversal rules). */
function valueAt(doc: Document, path: Path): Covered<unknown> {
  let value: unknown = doc;
  for (const key of path) {
    if (Array.isArray(value)) return NOT_COVERED;
    if (!isPlainObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** Equality as a filter means it: null matches missing, an array matches if it holds the value. */
function equals(value: unknown, expected: unknown): boolean {
  if (expected === null) return value === null || value === undefined || (Array.isArray(value) && value.includes(null));
  if (isDeepStrictEqual(value, expected)) return true;
  return Array.isArray(value) && !Array.isArray(expected) && value.some((element) => isDeepStrictEqual(element, expected));
}

/** Range comparison within one type (numbers, strings, dates), as the store orders them; other pairs never match. */
function compare(value: unknown, bound: unknown): Covered<number | undefined> {
  if (Array.isArray(value) || bound === null || Array.isArray(bound) || isPlainObject(bound)) return NOT_COVERED;
  if (typeof value === 'number' && typeof bound === 'number') return value - bound;
  if (typeof value === 'string' && typeof bound === 'string') return value < bound ? -1 : value > bound ? 1 : 0;
  if (value instanceof Date && bound instanceof Date) return value.getTime() - bound.getTime();
  return undefined;
}

function fieldMatches(value: unknown, condition: unknown): Covered<boolean> {
  if (!isOperatorObject(condition)) return equals(value, condition);
  for (const [operator, operand] of Object.entries(condition)) {
    let result: Covered<boolean>;
    switch (operator) {
      case '$eq': result = equals(value, operand); break;
      case '$ne': result = !equals(value, operand); break;
      case '$exists': result = (value !== undefined) === Boolean(operand); break;
      case '$in': result = Array.isArray(operand) ? operand.some((each) => equals(value, each)) : NOT_COVERED; break;
      case '$lt': case '$lte': case '$gt': case '$gte': {
        const order = compare(value, operand);
        if (order === NOT_COVERED) return NOT_COVERED;
        result = order !== undefined && (operator === '$lt' ? order < 0 : operator === '$lte' ? order <= 0 : operator === '$gt' ? order > 0 : order >= 0);
        break;
      }
      default: return NOT_COVERED;
    }
    if (result !== true) return result;
  }
  return true;
}

/** Whether `doc` matches `filter`; undefined when the filter is outside the subset. */
export function matchesCommon(filter: Document, doc: Document): boolean | undefined {
  const result = matchesAll(filter, doc);
  return result === NOT_COVERED ? undefined : result;
}

function matchesAll(filter: Document, doc: Document): Covered<boolean> {
  let outcome: Covered<boolean> = true;
  for (const [key, condition] of Object.entries(filter)) {
    let result: Covered<boolean>;
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(condition)) return NOT_COVERED;
      const each = condition.map((clause: Document) => matchesAll(clause, doc));
      if (each.includes(NOT_COVERED)) return NOT_COVERED;
      result = key === '$or' ? each.includes(true) : each.every((value) => value === true);
    } else if (key.startsWith('$')) {
      return NOT_COVERED;
    } else {
      const value = valueAt(doc, key.split('.'));
      result = value === NOT_COVERED ? NOT_COVERED : fieldMatches(value, condition);
    }
    if (result === NOT_COVERED) return NOT_COVERED;
    outcome = outcome && result;
  }
  return outcome;
}

/**
 * The object holding the last key of `path` in `doc`, copied on the way down (so the caller's
 * document is never changed and the rest stays shared), created if missing and `create`;
 * NOT_COVERED through arrays or scalars.
 */
function parentOf(doc: Record<string, unknown>, path: Path, create: boolean): Covered<Record<string, unknown> | undefined> {
  let node = doc;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) {
      if (!create) return undefined;
      node = node[key] = {};
    } else if (isPlainObject(next)) {
      node = node[key] = { ...next };
    } else {
      return NOT_COVERED;
    }
  }
  return node;
}

/** A private copy of an operand (the document must not share objects the caller still holds). */
const own = (value: unknown): unknown => (typeof value === 'object' && value !== null ? structuredClone(value) : value);
const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && isDeepStrictEqual(a, b));

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push', '$addToSet', '$pull', '$pullAll']);

/** Whether every operator and operand is in the subset (checked before anything changes). */
function covered(modifier: Document): boolean {
  return Object.entries(modifier).every(([operator, fields]) => UPDATE_OPERATORS.has(operator) && isPlainObject(fields) && Object.entries(fields).every(([path, operand]) => {
    if (path.split('.').some((part) => part === '' || part.startsWith('$'))) return false;
    if (operator === '$inc') return typeof operand === 'number';
    if (operator === '$addToSet') return !isOperatorObject(operand) || (Object.keys(operand).length === 1 && Array.isArray(operand.$each));
    if (operator === '$push' || operator === '$pull') return !isOperatorObject(operand) && !(operator === '$pull' && isPlainObject(operand));
    if (operator === '$pullAll') return Array.isArray(operand);
    return true;
  }));
}

/**
 * The document after the update operators (a new object; `doc` is left alone) and whether anything
 * changed, or undefined when the modifier is outside the subset or meets a shape it does not cover.
 */
export function updateCommon<T extends Document>(doc: T, modifier: Document): { doc: T; changed: boolean } | undefined {
  if (!covered(modifier)) return undefined;
  const trial: Record<string, unknown> = { ...doc };
  let changed = false;
  for (const [operator, fields] of Object.entries(modifier)) {
    for (const [dotted, given] of Object.entries(fields as Record<string, unknown>)) {
      const operand = own(given);
      const path = dotted.split('.');
      const key = path.at(-1)!;
      const parent = parentOf(trial, path, operator !== '$unset' && operator !== '$pull' && operator !== '$pullAll');
      if (parent === NOT_COVERED) return undefined;
      if (parent === undefined) continue; // nothing there to unset or pull from
      const current = parent[key];
      switch (operator) {
        case '$set':
          if (same(current, operand)) continue;
          parent[key] = operand;
          break;
        case '$unset':
          if (!(key in parent)) continue;
          delete parent[key];
          break;
        case '$inc':
          if (current !== undefined && typeof current !== 'number') return undefined;
          parent[key] = (current ?? 0) + (operand as number);
          break;
        case '$push':
          if (current !== undefined && !Array.isArray(current)) return undefined;
          parent[key] = [...((current as unknown[]) ?? []), operand];
          break;
        case '$addToSet': {
          if (current !== undefined && !Array.isArray(current)) return undefined;
          const list = [...((current as unknown[]) ?? [])];
          const additions = isOperatorObject(operand) ? (operand.$each as unknown[]) : [operand];
          for (const addition of additions) if (!list.some((element) => isDeepStrictEqual(element, addition))) list.push(addition);
          if (current !== undefined && list.length === current.length) continue;
          parent[key] = list;
          break;
        }
        case '$pull':
        case '$pullAll': {
          if (current === undefined) continue;
          if (!Array.isArray(current)) return undefined;
          const removed = operator === '$pull' ? [operand] : (operand as unknown[]);
          const kept = current.filter((element) => !removed.some((each) => isDeepStrictEqual(element, each)));
          if (kept.length === current.length) continue;
          parent[key] = kept;
          break;
        }
      }
      changed = true;
    }
  }
  return { doc: trial as T, changed };
}
