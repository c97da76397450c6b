import assert from 'node:assert/strict';
import { needsInfra } from './mocha-global-fixtures.js';

describe('mocha global fixtures: the infrastructure starts up front only for runs that use it', function () {
  it('a run with an integration or e2e suite needs it; a unit-only run does not', function () {
    assert.equal(needsInfra(['/r/a.unit.test.ts', '/r/command-service/src/moves/moves.int.test.ts']), true);
    assert.equal(needsInfra(['/r/e2e/src/fuzz.e2e.test.ts']), true);
    assert.equal(needsInfra(['/r/a.unit.test.ts', '/r/b.property.test.ts', undefined]), false);
    assert.equal(needsInfra(['/r/not-an.int.test.ts.bak']), false);
  });
});
