/** Bulk endpoints take at most this many entries per request (/items/bulk, /moves/bulk). */
export const MAX_BULK = 500;

export function chunks<T>(entries: readonly T[], size = MAX_BULK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < entries.length; start += size) out.push(entries.slice(start, start + size));
  return out;
}
