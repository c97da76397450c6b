import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './paths.js';

const consoleDir = path.join(repoRoot, 'console');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json'];

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stats.mtimeMs);
}

/**
 * The web console built into `outDir` (Vite), unless a build there is newer than every source:
 * `npm start` and the test stacks build into their own data folder, so two stacks never share one.
 */
export async function buildConsole(outDir: string): Promise<string> {
  const index = path.join(outDir, 'index.html');
  const sourcesChanged = Math.max(...SOURCES.map((name) => newestChange(path.join(consoleDir, name))));
  if (existsSync(index) && statSync(index).mtimeMs > sourcesChanged) return outDir;
  const vite = path.join(path.dirname(createRequire(path.join(consoleDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: consoleDir, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`console build failed (vite exit ${code}):\n${output.join('')}`);
  return outDir;
}
