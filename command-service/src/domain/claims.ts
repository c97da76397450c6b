import type { ErrorCode } from '@inventory/contracts';

/**
 * Unique values are "claims": `<kind>:<normalized value>`. The store keeps them as documents whose
 * _id is the claim (insert to take, delete to release), the pure model as a set.
 */
export type ClaimKind = 'location-type-name' | 'item-type-name' | 'location-code' | 'serial' | 'barcode';

/** Case, surrounding space and Unicode composition do not make a value different. */
export const normalize = (value: string): string => value.normalize('NFC').trim().toLowerCase();

export const claimOf = (kind: ClaimKind, value: string): string => `${kind}:${normalize(value)}`;

/** A unique value an aggregate holds, with the catalog code and wording of the refusal when someone else holds it. */
export interface WantedClaim {
  claim: string;
  code: ErrorCode;
  what: string;
}
