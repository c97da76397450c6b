import type { WantedClaim } from '../domain/claims.js';
import type { EventDraft } from '../domain/decision.js';
import type { CommandSpec } from './command-handler.js';
import { claimsProtocol, noDependants } from './protocols.js';

type CatalogState = { id: string; name: string; usage: number };

/**
 * Location types and item types behave alike: a unique name (a claim), fields replaced by an
 * update, removal only while `usage` (what depends on the type) is 0 - required by the same
 * conditional write that deletes, so it serializes with whatever counts on the type. A family adds
 * its own protocols after these.
 */
export function catalogSpec<C extends { type: string }, S extends CatalogState, E extends EventDraft, F extends 'locationTypes' | 'itemTypes'>(
  family: CommandSpec<C, S, E, F> & { claims: (state: S | null) => WantedClaim[] },
): CommandSpec<C, S, E, F> {
  const { claims, protocols, ...spec } = family;
  return {
    ...spec,
    protocols: (model, accepted) => [
      claimsProtocol(model, spec.aggregateId(accepted.command), claims(accepted.before), claims(accepted.after)),
      accepted.after === null ? noDependants({ usage: 0 }) : undefined,
      ...(protocols?.(model, accepted) ?? []),
    ],
  };
}
