/**
 * `npm run rebuild -- <query|reports>` and `npm run replay-dlq -- <query|reports>`: one entry point
 * for the read sides' own commands (each service owns its rebuild and dead-letter replay).
 */
import { spawnSync } from 'node:child_process';

const workspaces: Record<string, string> = { query: '@inventory/query-service', reports: '@inventory/reporting-worker' };
const [command, target] = process.argv.slice(2);
const workspace = target === undefined ? undefined : workspaces[target];
if ((command !== 'rebuild' && command !== 'replay-dlq') || !workspace) {
  process.stderr.write(`usage: npm run ${command ?? 'rebuild'} -- <${Object.keys(workspaces).join('|')}>\n`);
  process.exit(2);
}
const result = spawnSync('npm', ['run', command, '-w', workspace], { stdio: 'inherit' });
process.exit(result.status ?? 1);
