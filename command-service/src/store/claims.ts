import { isDuplicateKey, withWriteRetry } from '@inventory/platform';
import type { WantedClaim } from '../domain/claims.js';
import type { Rejection } from '../domain/decision.js';
import type { WriteModel } from './documents.js';

/**
 * Takes every claim or none: the first taken one refuses the command, and the ones this call took
 * are given back. Inserting the _id is atomic on both stores, so two racing owners cannot both win.
 */
export async function takeClaims(model: WriteModel, ownerId: string, wanted: readonly WantedClaim[]): Promise<Rejection | undefined> {
  const taken: string[] = [];
  for (const { claim, code, what } of wanted) {
    try {
      await withWriteRetry(() => model.claims.insertOne({ _id: claim, ownerId }).then(() => true), {
        applied: async () => ((await model.claims.findOne({ _id: claim, ownerId })) ? true : undefined),
      });
      taken.push(claim);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await releaseClaims(model, ownerId, taken);
      return { ok: false, code, detail: `${what} is already taken` };
    }
  }
  return undefined;
}

/** Releases only what `ownerId` holds, so a late release never frees someone else's value. */
export async function releaseClaims(model: WriteModel, ownerId: string, claims: readonly (string | null)[]): Promise<void> {
  const owned = claims.filter((claim): claim is string => claim !== null);
  if (owned.length > 0) await model.claims.deleteMany({ _id: { $in: owned }, ownerId });
}
