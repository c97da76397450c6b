import assert from 'node:assert/strict';
import { coverageOf } from './fuzz-coverage.js';

// The summary lines of a short run here (schemathesis 4, NO_COLOR), after a line that counts skips too (a run here
// had one before them: its first "N skipped" was 47, not the summary's 18); the warning line is made up, to check
// that the warnings too are the closing line's.
const sample = [
  'Examples: 47 skipped',
  '1 warning: an operation answered only 4xx',
  'Tested: 47',
  '2958 generated, 2958 passed, 18 skipped',
  '============================= 3 warnings in 16.91s =============================',
].join('\n');

describe("the fuzz test's line about what schemathesis covered", () => {
  it('keeps the counts and reads like no test runner closing on no test (pytest "N warnings in Ns" did)', () => {
    const line = coverageOf(sample);
    assert.equal(line, 'schemathesis covered 47 operations with 2958 generated cases (18 skipped, 3 warnings, 16.91 s)');
    assert.doesNotMatch(line, /=|\bin [0-9.]+s\b|\d+ passed, \d+ failed/);
  });

  it('says "?" for a count the output does not carry', () => {
    assert.equal(coverageOf('Tested: 3'), 'schemathesis covered 3 operations with ? generated cases (? skipped, ? warnings, ? s)');
  });
});
