/**
 * `npm run bench -- <name>`: runs one benchmark (or all without a name) and records its
 * section in docs/benchmarks.md. Each benchmark module exports `title` and `run()`, which
 * returns the section's markdown.
 */
import os from 'node:os';
import { stopInfra } from '@inventory/testkit';
import { writeSection } from './markdown-report.js';

const benchmarks: Record<string, string> = {
  stack: './stack.js',
  commands: '../command-service/bench/commands.js',
  gateway: '../gateway/bench/overhead.js',
  reports: '../reporting-worker/bench/reports.js',
  queries: '../query-service/bench/queries.js',
  console: '../console/bench/first-load.js',
  'console-requests': '../e2e/bench/console-requests.js',
  faults: './faults.js',
  load: '../e2e/bench/load.js',
  'read-your-writes': './read-your-writes.js',
  writes: './writes-per-move.js',
};

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(benchmarks);
const unknown = names.filter((name) => !benchmarks[name]);
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark '${unknown.join("', '")}'; choose from: ${Object.keys(benchmarks).join(', ')}\n`);
  process.exit(2);
}
try {
  for (const name of names) {
    const benchmark = await import(benchmarks[name]!) as { title: string; run: () => Promise<string> };
    process.stdout.write(`running benchmark '${name}'…\n`);
    const loadBefore = os.loadavg()[0]!;
    const markdown = await benchmark.run();
    writeSection(name, benchmark.title, markdown, loadBefore);
    process.stdout.write(`${markdown}\n`);
  }
} finally {
  // The private Kafka, registry and store testkit started when none was named: they outlive this process otherwise.
  await stopInfra();
}
process.exit(0);
