import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { importsOf, readJson, repoRoot, workspaces, workspaceSources } from './testing/workspace-sources.js';

const names = (value: unknown) => new Set(Object.keys((value ?? {}) as Record<string, string>));

/** Code that only tests, benchmarks and the `testing` entry points run: its packages may be dev dependencies. */
const testOnly = (file: string) => /\.test\.tsx?$|[/\\](testing|bench)[/\\]|[/\\]testing\.ts$/.test(file);

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);

describe('dependencies are declared where they are imported', () => {
  it('every package a workspace imports is in its own package.json (runtime code: dependencies; tests: also devDependencies)', () => {
    const missing: string[] = [];
    for (const workspace of workspaces()) {
      const manifest = readJson(path.join(workspace, 'package.json'));
      const runtime = new Set([...names(manifest.dependencies), ...names(manifest.peerDependencies)]);
      const development = names(manifest.devDependencies);
      for (const file of workspaceSources(workspace)) {
        for (const specifier of importsOf(file)) {
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
          const name = packageOf(specifier);
          if (name === manifest.name || runtime.has(name) || (testOnly(file) && development.has(name))) continue;
          missing.push(`${workspace}: ${name} (${path.relative(repoRoot, file)})`);
        }
      }
    }
    assert.deepEqual([...new Set(missing.map((line) => line.replace(/ \(.*\)$/, '')))].sort(), [], missing.join('\n'));
  });

  it('only end-to-end tests use the end-to-end harness: no other code imports it, no workspace needs it at run time', () => {
    const e2e = readJson('e2e/package.json').name as string;
    const users = workspaces().filter((workspace) => workspace !== 'e2e').flatMap((workspace) => {
      const manifest = readJson(path.join(workspace, 'package.json'));
      const importing = workspaceSources(workspace).filter((file) => !file.endsWith('.e2e.test.ts')
        && importsOf(file).some((specifier) => packageOf(specifier) === e2e || /(^|\/)e2e\/src\//.test(specifier)));
      return [...(names(manifest.dependencies).has(e2e) ? [`${workspace}/package.json`] : []), ...importing.map((file) => path.relative(repoRoot, file))];
    });
    assert.deepEqual(users, []);
  });
});
