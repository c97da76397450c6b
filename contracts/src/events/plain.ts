/**
 * avsc decodes records as instances of generated classes; consumers (and deepEqual) expect plain
 * objects. Maps already decode as plain objects, nullable unions as the bare value or null.
 */
export function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
  }
  return value;
}
