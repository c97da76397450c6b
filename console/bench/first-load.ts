/**
 * The console's first load: a production build (Vite) into a temporary folder, then the JavaScript
 * and CSS a browser fetches before the first screen shows — index.html's entry script, its
 * modulepreload links and stylesheets — raw and gzip-compressed (level 6, what proxies use by default).
 * Screens loaded lazily (reports, labels, import, admin) are listed apart. Budget: 300 KB gzip JS.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '@inventory/local-infra';

const BUDGET_KB = 300;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export const title = 'Web console: first load';

export async function run(): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'console-bench-'));
  try {
    await buildConsole(outDir);
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    const size = (file: string) => {
      const bytes = readFileSync(path.join(outDir, file));
      return { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
    };
    const sum = (files: string[]) => files.map(size).reduce((total, next) => ({ raw: total.raw + next.raw, gzip: total.gzip + next.gzip }), { raw: 0, gzip: 0 });
    const js = sum(firstLoad.filter((file) => file.endsWith('.js')));
    const css = sum(firstLoad.filter((file) => file.endsWith('.css')));
    const lazy = readdirSync(path.join(outDir, 'assets')).map((name) => `assets/${name}`)
      .filter((file) => file.endsWith('.js') && !firstLoad.includes(file))
      .map((file) => ({ file, ...size(file) })).sort((a, b) => b.gzip - a.gzip).slice(0, 4);
    return [
      '| what | raw KB | gzip KB |', '|---|---|---|',
      `| first-load JavaScript (${firstLoad.filter((file) => file.endsWith('.js')).length} files) | ${kb(js.raw)} | **${kb(js.gzip)}** (budget ${BUDGET_KB}: ${js.gzip / 1024 <= BUDGET_KB ? 'within' : 'OVER'}) |`,
      `| first-load CSS | ${kb(css.raw)} | ${kb(css.gzip)} |`,
      ...lazy.map((entry) => `| lazy: ${entry.file.replace(/-[\w-]+\.js$/, '')} | ${kb(entry.raw)} | ${kb(entry.gzip)} |`),
      '',
      'The gateway serves these files uncompressed (express.static); gzip is what a compressing proxy in front sends.',
      'At 1 M items nothing in the console loads a collection whole: the tree loads one level per expand',
      '(`/locations/tree?rootId&maxDepth=1`), contents, search, types, users and audit load 50 a page by cursor; the',
      'latency of the console\'s requests at scale is in the next section (`npm run bench -- console-requests`).',
    ].join('\n');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
