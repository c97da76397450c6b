/**
 * Faults injected into a running stack: kill -9 of services the launcher supervises (it restarts
 * them), or a restart of an infrastructure component. Each records how long until the victims
 * answer ready again and until a fresh write is readable at once again (projection lag normal).
 */
import { randomUUID } from 'node:crypto';
import { restart, descendantRunning, services, waitUntil, type Component, type LauncherProcess } from '@inventory/local-infra';
import type { ItemLocation, ItemResult } from '@inventory/contracts';
import type { ApiClient } from '@inventory/tools';
import { sendUntilAnswered, type World } from './workload.js';

export type ServiceName = 'command-service' | 'query-service' | 'reporting-worker' | 'gateway';

export interface Fault {
  /** Share of the workload's commands answered before it strikes (0–1). */
  at: number;
  /** Services to kill -9 together, or an infrastructure component to restart. */
  kill?: ServiceName[];
  restart?: 'kafka' | 'document-store';
}

export interface Recovery {
  fault: string;
  /** Seconds from the fault until every victim answered /health/ready. */
  readySeconds: number;
  /** Seconds from the fault until a new item was readable with its token inside the normal bounded wait. */
  caughtUpSeconds: number;
}

export const describeFault = (fault: Fault): string => (fault.kill ? `kill -9 ${fault.kill.join(' + ')}` : `restart ${fault.restart!}`);

const entryOf = (name: ServiceName): string => services.find((spec) => spec.name === name)!.entry;

/** What each not-ready service last said (its readiness report, or why there was none): named when a wait gives up. */
const notReady = new Map<string, string>();

async function ready(url: string): Promise<boolean> {
  const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3000) }).catch((error: unknown) => String(error));
  if (typeof response !== 'string' && response.ok) {
    notReady.delete(url);
    return true;
  }
  notReady.set(url, typeof response === 'string' ? response : `${response.status} ${await response.text().catch(() => '')}`);
  return false;
}

/** Waits until every service answers ready; giving up, it names those that did not and what they said. */
async function allReady(description: string, urls: Readonly<Record<string, string>>): Promise<void> {
  try {
    await waitUntil(description, async () => (await Promise.all(Object.values(urls).map(ready))).every(Boolean), { timeoutMs: 300_000, intervalMs: 250 });
  } catch (error) {
    const silent = Object.entries(urls).filter(([, url]) => notReady.has(url)).map(([name, url]) => `${name} said ${notReady.get(url)!}`);
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${silent.join('; ')}`);
  }
}

/** Kills the services (SIGKILL, as the OOM killer or a crash would) and waits until the launcher has them ready again, as new processes. */
export async function killServices(launcher: LauncherProcess, names: ServiceName[]): Promise<void> {
  const victims = names.map((name) => {
    const pid = descendantRunning(launcher.child.pid!, entryOf(name));
    if (pid === undefined) throw new Error(`${name} is not running under the launcher`);
    return { name, pid };
  });
  for (const { pid } of victims) process.kill(pid, 'SIGKILL');
  await waitUntil(`${names.join(', ')} restarted and ready`, async () => {
    const states = await Promise.all(victims.map(async ({ name, pid }) => {
      const current = descendantRunning(launcher.child.pid!, entryOf(name));
      return current !== undefined && current !== pid && await ready(launcher.urls[name]!);
    }));
    return states.every(Boolean);
  }, { timeoutMs: 300_000, intervalMs: 250 });
}

/** Registers an item and reads where it is with its token until the read side answers inside its normal bounded wait. */
async function caughtUp(api: ApiClient, world: World): Promise<void> {
  const created = await sendUntilAnswered<ItemResult>(api, 'POST', '/items', { itemTypeId: world.laptopTypeId, kind: 'CHILD', name: `probe ${randomUUID()}`, locationId: world.probeBinId }, 300_000);
  if (created.status !== 201) throw new Error(`probe item refused: ${created.status} ${JSON.stringify(created.body)}`);
  await waitUntil('a new write readable at once', async () => {
    const answer = await api.send('GET', `/items/${created.body.item.id}/location`, undefined, { 'Consistency-Token': created.body.consistencyToken }).catch(() => undefined);
    return answer?.status === 200 && (answer.body as ItemLocation).locationId === world.probeBinId;
  }, { timeoutMs: 300_000, intervalMs: 250 });
}

export async function inject(fault: Fault, launcher: LauncherProcess, components: Record<'kafka' | 'document-store', Component | undefined>, api: ApiClient, world: World): Promise<Recovery> {
  const started = performance.now();
  if (fault.kill) {
    await killServices(launcher, fault.kill);
  } else {
    const component = components[fault.restart!];
    if (!component) throw new Error(`${fault.restart!} is external to this run: it cannot be restarted`);
    await restart(component);
    await allReady('every service ready again', launcher.urls);
  }
  const readySeconds = (performance.now() - started) / 1000;
  await caughtUp(api, world);
  return { fault: describeFault(fault), readySeconds, caughtUpSeconds: (performance.now() - started) / 1000 };
}
