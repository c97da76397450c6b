import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generate';

for (const [file, contents] of Object.entries(await generatedFiles())) {
  writeFileSync(file, contents);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
