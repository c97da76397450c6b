/**
 * A fault run: concurrent clients stream mixed commands through the gateway while the schedule's
 * faults strike at their moments (share of commands answered); then the run is verified.
 * Used by the short run in the test suite and by `npm run bench -- faults`.
 */
import { randomUUID } from 'node:crypto';
import type { LauncherProcess } from '@inventory/local-infra';
import type { TestInfra } from '@inventory/testkit';
import { ApiClient, localAdminCredentials } from '@inventory/tools';
import { inject, type Fault, type Recovery } from './faults.js';
import { consumingGroups, verifyFaultRun, type Verdict } from './verify.js';
import { buildWorld, runClient, type SentCommand } from './workload.js';

export interface FaultRunOptions {
  clients: number;
  commandsPerClient: number;
  seed: number;
  faults: Fault[];
  /** How long a client retries one command with its key before calling it unanswered. */
  windowMs?: number;
}

export interface FaultRunResult {
  verdict: Verdict;
  recoveries: Recovery[];
  commands: number;
  seconds: number;
}

async function loggedIn(gatewayUrl: string): Promise<ApiClient> {
  const { username, password } = localAdminCredentials();
  const api = new ApiClient(gatewayUrl);
  await api.login(username, password);
  return api;
}

export async function runFaultRun(launcher: LauncherProcess, infra: TestInfra, options: FaultRunOptions): Promise<FaultRunResult> {
  const gatewayUrl = launcher.urls.gateway!;
  const admin = await loggedIn(gatewayUrl);
  const world = await buildWorld(admin, randomUUID().slice(0, 8).toUpperCase(), 8);
  const groups = await consumingGroups(infra.env.KAFKA_BROKERS);
  const total = options.clients * (options.commandsPerClient + 3);
  const sent: SentCommand[] = [];
  let answered = 0;
  const progressed = new Set<() => void>();
  const reached = (share: number) => new Promise<void>((resolve) => {
    const check = () => { if (answered >= share * total) { progressed.delete(check); resolve(); } };
    progressed.add(check);
    check();
  });
  const started = performance.now();
  // One login shared by every client: many logins of one account at once are throttled (429 with a long Retry-After).
  const clients = Promise.all(Array.from({ length: options.clients }, (_, index) => runClient(admin, index, {
    world, commands: options.commandsPerClient, seed: options.seed, windowMs: options.windowMs ?? 180_000,
    onAnswered: () => { answered += 1; for (const check of [...progressed]) check(); },
  }, sent)));
  const recoveries: Recovery[] = [];
  const schedule = (async () => {
    for (const fault of options.faults) {
      await reached(fault.at);
      recoveries.push(await inject(fault, launcher, { kafka: infra.kafka, 'document-store': infra.docStore }, admin, world));
    }
  })();
  const [states] = await Promise.all([clients, schedule]);
  const seconds = (performance.now() - started) / 1000;
  const verdict = await verifyFaultRun(admin, infra.env.KAFKA_BROKERS, groups, world, states, sent);
  return { verdict, recoveries, commands: sent.length, seconds };
}
