import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ItemLocation, MoveResult } from '@inventory/contracts';
import { freePort, repoRoot, services, waitUntil, type ServiceSpec } from '@inventory/local-infra';
import { useInfra } from '@inventory/testkit';
import { ContractClient } from './contract-client.js';
import { buildWarehouse, registerItem } from './warehouse.js';

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/**
 * What the images run: `npm run build` output started with plain `node` (no tsx, no `source`
 * condition, so every workspace package resolves to its dist/ and a stray .ts import fails),
 * in production mode with secrets of its own, then stopped by SIGTERM as a container runtime does.
 */
describe('production build: the four services from dist/ with plain node', function () {
  const children = new Map<string, ChildProcess>();
  const output = new Map<string, string>();

  after(async () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('builds, becomes ready, moves an item end to end through the gateway, and exits 0 on SIGTERM', async function () {
    this.timeout(600_000);
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', ...services.map((spec) => path.dirname(path.dirname(spec.entry)))], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(built.status, 0, `tsc -b failed:\n${built.stdout}${built.stderr}`);

    const infra = await useInfra();
    const ports = Object.fromEntries(await Promise.all(services.map(async (spec) => [spec.portVariable, String(await freePort())] as const)));
    // The gateway wants a letter and a digit: 24 random base64url characters lack a digit about once in 60.
    const adminPassword = `${randomBytes(18).toString('base64url')}a1`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...infra.env, ...ports,
      ...Object.fromEntries(services.map((spec) => [`${spec.name.toUpperCase().replace(/-/g, '_')}_URL`, `http://127.0.0.1:${ports[spec.portVariable]}`])),
      JWT_SECRET: randomBytes(32).toString('base64url'), INVENTORY_ADMIN_PASSWORD: adminPassword,
      GATEWAY_DATABASE: `inventory_gateway_build_${randomBytes(4).toString('hex')}`,
    };
    // Like a container runtime's restart policy: a service that exits before it is ready (a cold
    // registry timing out its first schema registration) is started again, up to three times.
    const start = (spec: ServiceSpec, attempt = 1): void => {
      const child = spawn(process.execPath, [spec.builtEntry], { env, cwd: path.dirname(spec.builtEntry), stdio: ['ignore', 'pipe', 'pipe'] });
      for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => output.set(spec.name, `${output.get(spec.name) ?? ''}${chunk.toString()}`));
      child.once('exit', () => { if (!ready.has(spec.name) && attempt < 3) start(spec, attempt + 1); });
      children.set(spec.name, child);
    };
    const ready = new Set<string>();
    const whenReady = (spec: ServiceSpec) => waitUntil(`${spec.name} (dist) readiness`, async () => {
      const response = await fetch(`http://127.0.0.1:${ports[spec.portVariable]}/health/ready`, { signal: AbortSignal.timeout(3000) });
      if (response.ok) ready.add(spec.name);
      return response.ok;
    }, { timeoutMs: 180_000, intervalMs: 300 });
    try {
      // The command service registers the schemas and topics the others read: it goes first, as in docker-compose.yml.
      const [first, ...rest] = services as [ServiceSpec, ...ServiceSpec[]];
      start(first);
      await whenReady(first);
      rest.forEach((spec) => start(spec));
      await Promise.all(rest.map(whenReady));

      const client = new ContractClient(`http://127.0.0.1:${ports.GATEWAY_PORT}`);
      await client.api.login('admin', adminPassword);
      const warehouse = await buildWarehouse(client, `PB${randomBytes(3).toString('hex').toUpperCase()}`, 2);
      const [binA, binB] = warehouse.binIds as [string, string];
      const pallet = await registerItem(client, warehouse.palletTypeId, 'PARENT', 'Pallet B-1', binA);
      const moved = await client.ok<MoveResult>('POST', '/moves', { itemId: pallet.item.id, toLocationId: binB });
      const where = await client.ok<ItemLocation>('GET', `/items/${pallet.item.id}/location`, undefined, { 'Consistency-Token': moved.consistencyToken });
      assert.equal(where.locationId, binB);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${[...output].map(([name, text]) => `--- ${name}\n${text.slice(-3000)}`).join('\n')}`);
    }

    const codes = await Promise.all(services.map((spec) => {
      const child = children.get(spec.name)!;
      child.kill('SIGTERM');
      return exitOf(child);
    }));
    assert.deepEqual(codes, services.map(() => 0), 'every service stops cleanly on SIGTERM');
    for (const [name, text] of output) assert.doesNotMatch(text, /ERR_UNKNOWN_FILE_EXTENSION|Cannot find (module|package)/, `${name} loaded something the build does not ship`);
  });
});
