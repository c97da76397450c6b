import { ProblemError, decodeConsistencyToken } from '@inventory/contracts';
import { Checkpoints, type ReadModelSpace } from '@inventory/projection';

/**
 * With a Consistency-Token, answer only once the read model has applied every event the token
 * names; past the bound, a CONSISTENCY_TIMEOUT problem rather than stale data.
 */
export async function awaitConsistency(token: string | undefined, space: ReadModelSpace, timeoutMs: number): Promise<void> {
  if (token === undefined) return;
  const positions = decodeConsistencyToken(token);
  if (!positions) throw new ProblemError('INVALID_CONSISTENCY_TOKEN');
  if (!(await new Checkpoints(space).waitFor(positions, timeoutMs))) {
    throw new ProblemError('CONSISTENCY_TIMEOUT', `not all of ${positions.length} aggregate position(s) applied within ${timeoutMs} ms`);
  }
}
