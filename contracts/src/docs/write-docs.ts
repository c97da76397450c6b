/** `npm run -w @inventory/contracts docs`: regenerates the checked-in OpenAPI and AsyncAPI documents. */
import { writeFileSync } from 'node:fs';
import { DOCS_DIR, generatedDocs } from './generated-docs.js';

for (const [name, content] of Object.entries(generatedDocs())) {
  writeFileSync(new URL(name, DOCS_DIR), content);
  process.stdout.write(`wrote docs/${name}\n`);
}
