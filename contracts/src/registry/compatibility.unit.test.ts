import assert from 'node:assert/strict';
import { isRuleAlreadyExists } from './compatibility.js';

describe('isRuleAlreadyExists', () => {
  it("counts Apicurio's 409 for an existing rule as success", () => {
    assert.equal(isRuleAlreadyExists(409, `{"message":"A rule named 'COMPATIBILITY' already exists.","error_code":409}`), true);
  });
  it('keeps every other failure an error', () => {
    assert.equal(isRuleAlreadyExists(409, '{"message":"Schema already exists"}'), false);
    assert.equal(isRuleAlreadyExists(500, "A rule named 'COMPATIBILITY' already exists"), false);
  });
});
