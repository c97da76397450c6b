import { ProblemError } from '@inventory/contracts';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import type { WantedClaim } from '../domain/claims.js';
import { WriteConflict } from './aggregate.js';
import { releaseClaims, takeClaims } from './claims.js';
import type { WriteModel } from './documents.js';

/**
 * A cross-document protocol one command takes part in, beside the one conditional write of its
 * aggregate (store/command-handler.ts): a uniqueness claim, a counter on another document, a
 * capacity hold, a pending assignment. Each is named where it is built.
 */
export interface Protocol {
  /** Before the commit: takes what the command needs elsewhere; throws (a refusal, or WriteConflict to retry) when it cannot. */
  take?(): Promise<void>;
  /** A later take or the commit failed: gives back what take took. */
  giveBack?(): Promise<void>;
  /** After the commit: settles what the command leaves on other documents. */
  finish?(): Promise<void>;
  /** Fields the commit sets for this protocol (on a new document: fields it starts with). */
  set?: Record<string, unknown>;
  /** Conditions the commit requires of the aggregate's document. */
  require?: Record<string, unknown>;
  /** An op the commit records in the document's heldOps (pushed, see holds.ts) until `finish` has settled it. */
  heldOp?: string;
}

/**
 * Uniqueness claims: the values the evolved state newly claims are taken before the commit (a taken
 * one refuses the command with its code), those it gave up are released after it.
 */
export function claimsProtocol(model: WriteModel, ownerId: string, before: readonly WantedClaim[], after: readonly WantedClaim[]): Protocol {
  const had = new Set(before.map(({ claim }) => claim));
  const has = new Set(after.map(({ claim }) => claim));
  const wanted = after.filter(({ claim }) => !had.has(claim));
  return {
    async take() {
      const refused = await takeClaims(model, ownerId, wanted);
      if (refused) throw new ProblemError(refused.code, refused.detail);
    },
    giveBack: () => releaseClaims(model, ownerId, wanted.map(({ claim }) => claim)),
    finish: () => releaseClaims(model, ownerId, [...had].filter((claim) => !has.has(claim))),
  };
}

/**
 * Counts the aggregate on another document (a type's usage, a parent's sub-locations) before the
 * commit, only while that document matches `where` (live, say): else the other document changed
 * under the decision and the cycle is retried. Given back if the commit fails.
 */
export function countOn<T extends { _id: string }>(collection: Collection<T>, id: string | null, field: keyof T & string, where: Filter<T>): Protocol | undefined {
  if (id === null) return undefined;
  const by = (delta: number) => ({ $inc: { [field]: delta } }) as unknown as UpdateFilter<T>;
  return {
    async take() {
      const { modifiedCount } = await collection.updateOne({ ...where, _id: id } as Filter<T>, by(1));
      if (modifiedCount !== 1) throw new WriteConflict(`${collection.collectionName}/${id} changed meanwhile`);
    },
    giveBack: async () => { await collection.updateOne({ _id: id } as Filter<T>, by(-1)); },
  };
}

/** Stops counting the aggregate on another document, once the commit is done. */
export function uncountOn<T extends { _id: string }>(collection: Collection<T>, id: string | null, field: keyof T & string): Protocol | undefined {
  if (id === null) return undefined;
  return { finish: async () => { await collection.updateOne({ _id: id } as Filter<T>, { $inc: { [field]: -1 } } as unknown as UpdateFilter<T>); } };
}

/** The aggregate's own dependants counter must be 0 in the write that deletes it, so it serializes with whatever counts on it. */
export const noDependants = (require: Record<string, unknown>): Protocol => ({ require });
