import { ProblemError } from '@inventory/contracts';

/** Opaque page cursors: base64url JSON of the sort key of the last item served. */
export function encodeCursor(sortKey: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(sortKey)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((part, i) => typeof part === shape[i])) return key as (string | number)[];
  } catch {
    // falls through to the problem below
  }
  throw new ProblemError('VALIDATION_FAILED', 'query/cursor: not a cursor this API issued', { errors: [{ in: 'query', pointer: '/cursor', detail: 'not a cursor this API issued' }] });
}

/** Fetches one more than `limit` to know whether another page exists without counting. */
export function pageFrom<T>(rows: T[], limit: number, sortKeyOf: (row: T) => (string | number)[]): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(sortKeyOf(last)) : null };
}
