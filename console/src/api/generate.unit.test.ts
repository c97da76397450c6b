import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generate';

describe('console typed API client', function () {
  it('is generated from the current docs/openapi.json (run `npm run generate-client -w @inventory/console` when this fails)', async function () {
    for (const [file, expected] of Object.entries(await generatedFiles())) {
      assert.ok(readFileSync(file, 'utf8') === expected, `${path.basename(file)} is stale: regenerate it`);
    }
  });
});
