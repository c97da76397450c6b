import { assertDecidesLikeReference } from '../testing/run.js';

describe('item types: decide', () => {
  it('every command is refused exactly when the reference model says so, with its code', () => {
    assertDecidesLikeReference(['DefineItemType', 'UpdateItemType', 'RemoveItemType']);
  });
});
