import { z } from 'zod';

/** One aggregate's position: the read model has caught up once it applied this version of it. */
export interface AggregatePosition {
  aggregateId: string;
  aggregateVersion: number;
}

// Wire shape: base64url(JSON [[aggregateId, version], ...]); compact, and opaque to clients.
const tokenPayloadSchema = z.array(z.tuple([z.string().min(1).max(64), z.number().int().positive()])).min(1).max(100);

/** The token a command returns for the events it accepted (the highest version per aggregate suffices). */
export function encodeConsistencyToken(positions: readonly AggregatePosition[]): string {
  const highest = new Map<string, number>();
  for (const { aggregateId, aggregateVersion } of positions) highest.set(aggregateId, Math.max(aggregateVersion, highest.get(aggregateId) ?? 0));
  return Buffer.from(JSON.stringify([...highest])).toString('base64url');
}

/** The positions a token names, or null when it is not a token encodeConsistencyToken produced. */
export function decodeConsistencyToken(token: string): AggregatePosition[] | null {
  try {
    const parsed = tokenPayloadSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.map(([aggregateId, aggregateVersion]) => ({ aggregateId, aggregateVersion })) : null;
  } catch {
    return null;
  }
}
