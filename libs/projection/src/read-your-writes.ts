import { ProblemError, decodeConsistencyToken } from '@inventory/contracts';
import { z } from 'zod';
import { Checkpoints } from './checkpoints.js';
import type { ReadModelSpace } from './read-models.js';

/**
 * With a Consistency-Token, answer only once the read model has applied every event the token
 * names; past the bound, a CONSISTENCY_TIMEOUT problem rather than stale data. `checkpointHost`:
 * the projection's (see Projection.checkpointHost).
 */
export async function awaitConsistency(token: string | undefined, space: ReadModelSpace, timeoutMs: number, checkpointHost?: string): Promise<void> {
  if (token === undefined) return;
  const positions = decodeConsistencyToken(token);
  if (!positions) throw new ProblemError('INVALID_CONSISTENCY_TOKEN');
  if (!(await new Checkpoints(space, checkpointHost).waitFor(positions, timeoutMs))) {
    throw new ProblemError('CONSISTENCY_TIMEOUT', `not all of ${positions.length} aggregate position(s) applied within ${timeoutMs} ms`);
  }
}

/** The setting for a service's bound on that wait (QUERY_/REPORTS_CONSISTENCY_TIMEOUT_MS), in ms. */
export const consistencyTimeoutSetting = () => z.coerce.number().int().min(0).max(30_000).default(2000);
