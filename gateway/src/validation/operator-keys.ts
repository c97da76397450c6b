import type { FieldError } from '@inventory/contracts';

/** How deep a body or query may nest by default (`BODY_MAX_DEPTH`): the body itself is level 1. */
export const DEFAULT_MAX_DEPTH = 32;

// `$…` and dotted keys are MongoDB operators/paths; the prototype keys are object-pollution vectors.
const isDangerousKey = (key: string): boolean => key.startsWith('$') || key.includes('.') || key === '__proto__' || key === 'constructor' || key === 'prototype';

const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

const NOT_WELL_FORMED = 'must be well-formed Unicode (no lone surrogates)';

export interface WalkOptions {
  /** Containers nested deeper than this are refused, and not walked. */
  maxDepth: number;
  /** Refuse keys that could act as database operators (bodies and queries; not headers). */
  operatorKeys: boolean;
}

/**
 * Every problem anywhere inside `value`, as field errors: containers nested deeper than
 * `maxDepth`, operator keys, and keys or strings that are not well-formed Unicode. Iterative,
 * so no input can exhaust the stack.
 */
export function inputErrors(value: unknown, part: FieldError['in'], { maxDepth, operatorKeys }: WalkOptions): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; pointer: string; depth: number }[] = [{ value, pointer: '', depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { pointer, depth } = next;
    if (typeof next.value === 'string') {
      if (!next.value.isWellFormed()) errors.push({ in: part, pointer, detail: NOT_WELL_FORMED });
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    if (depth > maxDepth) {
      errors.push({ in: part, pointer, detail: `nested deeper than ${maxDepth} levels` });
      continue;
    }
    for (const [key, inner] of Object.entries(next.value)) {
      const here = `${pointer}/${escapePointer(key)}`;
      if (operatorKeys && isDangerousKey(key)) errors.push({ in: part, pointer: here, detail: 'keys starting with "$", containing "." or naming the prototype are not allowed' });
      if (!key.isWellFormed()) errors.push({ in: part, pointer: here, detail: `key ${NOT_WELL_FORMED}` });
      pending.push({ value: inner, pointer: here, depth: depth + 1 });
    }
  }
  return errors;
}

/**
 * Query components whose percent-encoding is not UTF-8 (e.g. `%ED%A0%BD`, a lone surrogate):
 * the query parser would silently turn them into U+FFFD.
 */
export function malformedQueryErrors(url: string): FieldError[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  return url.slice(start + 1).split('&').flatMap((pair) => pair.split('=')).flatMap((component) => {
    try {
      decodeURIComponent(component.replaceAll('+', ' '));
      return [];
    } catch {
      return [{ in: 'query' as const, pointer: '', detail: `"${component.slice(0, 40)}" is not percent-encoded UTF-8` }];
    }
  });
}
