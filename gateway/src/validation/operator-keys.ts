import type { FieldError } from '@inventory/contracts';

// `$…` and dotted keys are MongoDB operators/paths; the prototype keys are object-pollution vectors.
const isDangerousKey = (key: string): boolean => key.startsWith('$') || key.includes('.') || key === '__proto__' || key === 'constructor' || key === 'prototype';

const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every key anywhere inside `value` that could act as a database operator, as field errors. */
export function operatorKeyErrors(value: unknown, part: FieldError['in'], pointer = ''): FieldError[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = `${pointer}/${escapePointer(key)}`;
    const own = isDangerousKey(key) ? [{ in: part, pointer: here, detail: 'keys starting with "$", containing "." or naming the prototype are not allowed' }] : [];
    return [...own, ...operatorKeyErrors(inner, part, here)];
  });
}
