import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;
const names = (value: unknown) => new Set(Object.keys((value ?? {}) as Record<string, string>));

/** Each workspace folder of the root package.json (`libs/*` expanded). */
function workspaces(): string[] {
  return (readJson('package.json').workspaces as string[]).flatMap((pattern) => (pattern.endsWith('/*')
    ? readdirSync(path.join(repoRoot, pattern.slice(0, -2))).map((entry) => path.join(pattern.slice(0, -2), entry))
    : [pattern])).filter((folder) => statSync(path.join(repoRoot, folder, 'package.json'), { throwIfNoEntry: false }));
}

const sourcesIn = (folder: string): string[] => (statSync(folder, { throwIfNoEntry: false }) ? readdirSync(folder).flatMap((entry) => {
  const file = path.join(folder, entry);
  if (statSync(file).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourcesIn(file);
  return /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [file] : [];
}) : []);

/** Code that only tests, benchmarks and the `testing` entry points run: its packages may be dev dependencies. */
const testOnly = (file: string) => /\.test\.tsx?$|[/\\](testing|test-support|bench)[/\\]|[/\\]testing\.ts$/.test(file);

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
const IMPORTS = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

describe('dependencies are declared where they are imported', () => {
  it('every package a workspace imports is in its own package.json (runtime code: dependencies; tests: also devDependencies)', () => {
    const missing: string[] = [];
    for (const workspace of workspaces()) {
      const manifest = readJson(path.join(workspace, 'package.json'));
      const runtime = new Set([...names(manifest.dependencies), ...names(manifest.peerDependencies)]);
      const development = names(manifest.devDependencies);
      for (const file of ['src', 'bench'].flatMap((folder) => sourcesIn(path.join(repoRoot, workspace, folder)))) {
        for (const match of readFileSync(file, 'utf8').matchAll(IMPORTS)) {
          const specifier = match[1] ?? match[2] ?? match[3]!;
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
          const name = packageOf(specifier);
          if (name === manifest.name || runtime.has(name) || (testOnly(file) && development.has(name))) continue;
          missing.push(`${workspace}: ${name} (${path.relative(repoRoot, file)})`);
        }
      }
    }
    assert.deepEqual([...new Set(missing.map((line) => line.replace(/ \(.*\)$/, '')))].sort(), [], missing.join('\n'));
  });
});
