import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** BENCH_OUTPUT sends a trial run's section elsewhere, leaving the recorded figures alone. */
export const benchmarksFile = path.resolve(process.env.BENCH_OUTPUT ?? path.join(import.meta.dirname, '..', 'docs', 'benchmarks.md'));

const header = `# Benchmarks

Written by \`npm run bench -- <name>\`; each section is replaced by its latest run.
Targets come from the issues; speed is checked here, never by timed assertions in tests.
`;

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} × ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · ${os.platform()} ${os.release()}`;
}

/**
 * Replaces (or appends) the section between this benchmark's markers, keeping every other section.
 * `loadBefore` (the 1-minute load average when the run began) says how quiet the machine was.
 */
export function writeSection(name: string, title: string, body: string, loadBefore?: number): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n## ${title}\n\n_Run: ${machineLine()}${loadBefore === undefined ? '' : ` · load average ${loadBefore.toFixed(1)} when it began`}_\n\n${body.trim()}\n${end}`;
  const current = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : header;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(benchmarksFile, next);
}

/** p-th percentile (0–100) of `samples`, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Store writes counted (store_writes_total) between two readings, per collection, largest first. */
export function writesBetween(before: Record<string, number>, after: Record<string, number>): [string, number][] {
  return Object.entries(after).map(([collection, n]): [string, number] => [collection, n - (before[collection] ?? 0)]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}

/** "1.35 (items 1.02, locations 0.33)": writes per move (or event), in all and per collection. */
export function writesPer(writes: readonly [string, number][], count: number): string {
  if (count === 0) return `n/a (none applied; ${writes.map(([collection, n]) => `${collection} ${n}`).join(', ')} written)`;
  const total = writes.reduce((sum, [, n]) => sum + n, 0);
  return `${(total / count).toFixed(2)} (${writes.map(([collection, n]) => `${collection} ${(n / count).toFixed(2)}`).join(', ')})`;
}
