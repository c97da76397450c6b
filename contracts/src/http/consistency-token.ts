/** One aggregate's position: the read model has caught up once it applied this version of it. */
export interface AggregatePosition {
  aggregateId: string;
  aggregateVersion: number;
}

/** As many positions as one command can produce: a bulk request of MAX_BULK_MOVES moves. */
export const MAX_TOKEN_POSITIONS = 500;

const FORMAT = 2;
const UUID_BYTES = 16;
const MAX_VERSION_BYTES = 8; // LEB128 of Number.MAX_SAFE_INTEGER

/** The longest token there can be, in base64url characters. */
export const MAX_TOKEN_LENGTH = Math.ceil(((1 + MAX_TOKEN_POSITIONS * (UUID_BYTES + MAX_VERSION_BYTES)) * 4) / 3);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function writeVersion(bytes: number[], version: number): void {
  for (let rest = version; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      bytes.push(rest);
      return;
    }
    bytes.push((rest % 128) | 128);
  }
}

/**
 * The token a command returns for the events it accepted (the highest version per aggregate
 * suffices). Wire shape: base64url of a format byte, then per aggregate its id's 16 bytes and
 * its version as an unsigned LEB128: a 500-item bulk move fits in about 12 KB, opaque to clients.
 */
export function encodeConsistencyToken(positions: readonly AggregatePosition[]): string {
  const highest = new Map<string, number>();
  for (const { aggregateId, aggregateVersion } of positions) highest.set(aggregateId, Math.max(aggregateVersion, highest.get(aggregateId) ?? 0));
  const bytes = [FORMAT];
  for (const [aggregateId, version] of highest) {
    if (!UUID.test(aggregateId)) throw new Error(`aggregate id ${aggregateId} is not a lowercase UUID`);
    bytes.push(...Buffer.from(aggregateId.replaceAll('-', ''), 'hex'));
    writeVersion(bytes, version);
  }
  return Buffer.from(bytes).toString('base64url');
}

const uuidOf = (bytes: Buffer) => bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** The positions a token names, or null when it is not a token encodeConsistencyToken produced. */
export function decodeConsistencyToken(token: string): AggregatePosition[] | null {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes[0] !== FORMAT) return null;
  const positions: AggregatePosition[] = [];
  for (let at = 1; at < bytes.length;) {
    if (at + UUID_BYTES >= bytes.length || positions.length === MAX_TOKEN_POSITIONS) return null;
    const aggregateId = uuidOf(bytes.subarray(at, at + UUID_BYTES));
    at += UUID_BYTES;
    let version = 0;
    for (let shift = 1, length = 0; ; shift *= 128, length += 1) {
      const byte = bytes[at++];
      if (byte === undefined || length === MAX_VERSION_BYTES) return null;
      version += (byte & 127) * shift;
      if (byte < 128) break;
    }
    if (version < 1 || !Number.isSafeInteger(version)) return null;
    positions.push({ aggregateId, aggregateVersion: version });
  }
  return positions.length > 0 ? positions : null;
}
