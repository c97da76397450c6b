import { assertDecidesLikeReference } from '../testing/run.js';

describe('assignments: decide', () => {
  it('every command is refused exactly when the reference model says so, with its code', () => {
    assertDecidesLikeReference(['AssignChild', 'ReleaseChild']);
  });
});
