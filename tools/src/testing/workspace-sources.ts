import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the repository tests of this folder read: every workspace's sources and what they import. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const readJson = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;

/** Each workspace folder of the root package.json (`libs/*` expanded). */
export function workspaces(): string[] {
  return (readJson('package.json').workspaces as string[]).flatMap((pattern) => (pattern.endsWith('/*')
    ? readdirSync(path.join(repoRoot, pattern.slice(0, -2))).map((entry) => path.join(pattern.slice(0, -2), entry))
    : [pattern])).filter((folder) => statSync(path.join(repoRoot, folder, 'package.json'), { throwIfNoEntry: false }));
}

export const sourcesIn = (folder: string): string[] => (statSync(folder, { throwIfNoEntry: false }) ? readdirSync(folder).flatMap((entry) => {
  const file = path.join(folder, entry);
  if (statSync(file).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourcesIn(file);
  return /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [file] : [];
}) : []);

/** A workspace's source and benchmark files (absolute paths). */
export const workspaceSources = (workspace: string): string[] => ['src', 'bench'].flatMap((folder) => sourcesIn(path.join(repoRoot, workspace, folder)));

const IMPORTS = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** The module specifiers a file imports or re-exports (static, dynamic and side-effect imports; type-only ones too). */
export const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(IMPORTS)].map((match) => match[1] ?? match[2] ?? match[3]!);
