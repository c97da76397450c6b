import assert from 'node:assert/strict';
import { may } from './roles';

describe('console role-aware navigation', function () {
  it('offers an operation only to the roles the API document allows', function () {
    assert.equal(may(['viewer'], 'moveItem'), false);
    assert.equal(may(['operator'], 'moveItem'), true);
    assert.equal(may(['viewer', 'analyst'], 'getMovementsReport'), true);
    assert.equal(may(['manager'], 'listAuditEntries'), false);
    assert.equal(may(undefined, 'getLocationTree'), false);
    assert.equal(may(undefined, 'login'), true);
  });
});
