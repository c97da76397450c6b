/**
 * The load benchmark's clients: each draws operations from the mix (seeded, so a run repeats) and
 * sends them through the gateway one after another. Lookups and reports go to the seeded items and
 * locations; moves and assignments to the workload's own parent-child pairs, each pair owned by one
 * client for the step, so a client's model of its pairs decides every command it sends (moves to
 * another bin, assign a free child to its pair's parent, release an assigned one) and any refusal
 * counts as an error. Now and then an accepted move is followed until where-is, asked with the
 * move's Consistency-Token, answers: the projection lag as a client sees it.
 */
import type { ApiClient } from '@inventory/tools';
import { OPERATIONS, operationAt, seededUniform, type Mix, type Operation } from './mix.js';
import { LatencyRecorder, quantileOfSorted, type EndpointSummary } from './stats.js';
import type { StepOutcome } from './steps.js';

export interface WorkingItem {
  id: string;
  kind: 'PARENT' | 'CHILD';
  /** Its own location; a child's while assigned is its parent's. */
  locationId: string;
  parentId: string | null;
}

export interface LoadTargets {
  seededItemIds: readonly string[];
  seededLocationIds: readonly string[];
  binIds: readonly string[];
  /** Parent-child pairs: working[2p] is pair p's parent, working[2p + 1] its child. */
  working: WorkingItem[];
  /** The movements report's range (ISO 8601). */
  movements: { from: string; to: string };
}

export interface StepOptions {
  concurrency: number;
  /** The step ends after this long, or after `callsPerClient` calls of each client, whichever is given. */
  seconds?: number;
  callsPerClient?: number;
  seed: number;
  /** The mix unless given. */
  mix?: Mix;
  /** How long a lag probe waits for where-is to show a move. */
  probeTimeoutMs?: number;
}

export interface LagSummary {
  probes: number;
  /** Probes that saw the move within probeTimeoutMs. */
  seen: number;
  p50: number;
  p99: number;
  max: number;
}

export interface StepResult {
  outcome: StepOutcome;
  endpoints: EndpointSummary[];
  lag: LagSummary;
  /** What client 0 drew and sent, in order. */
  drawn: Operation[];
}

interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** The answer the model expects. */
  status: number;
  onSuccess?: (body: unknown) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The call an operation makes for a client owning `pairs`, or undefined when it has nothing to do it with. */
function callFor(operation: Operation, targets: LoadTargets, pairs: number[], draw: () => number): Call | undefined {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(draw() * list.length)]!;
  const { working } = targets;
  switch (operation) {
    case 'where-is':
      return { method: 'GET', path: `/items/${pick(targets.seededItemIds)}/location`, status: 200 };
    case 'what-is-at':
      return { method: 'GET', path: `/locations/${pick(targets.seededLocationIds)}/contents?limit=50`, status: 200 };
    case 'item history':
      return { method: 'GET', path: `/items/${pick(targets.seededItemIds)}/history?limit=50`, status: 200 };
    case 'item search':
      return { method: 'GET', path: `/items?serial=SN-${pick(targets.seededItemIds)}`, status: 200 };
    case 'inventory status':
      return { method: 'GET', path: '/reports/inventory-status', status: 200 };
    case 'movements report':
      return { method: 'GET', path: `/reports/movements?from=${encodeURIComponent(targets.movements.from)}&to=${encodeURIComponent(targets.movements.to)}`, status: 200 };
    case 'counts report':
      return { method: 'GET', path: '/reports/counts', status: 200 };
    case 'move': {
      if (pairs.length === 0) return undefined;
      const pair = pick(pairs);
      const [parent, child] = [working[2 * pair]!, working[2 * pair + 1]!];
      const item = child.parentId === null && draw() < 0.5 ? child : parent;
      const others = targets.binIds.filter((id) => id !== item.locationId);
      const to = pick(others);
      return {
        method: 'POST', path: '/moves', body: { itemId: item.id, toLocationId: to, reason: 'load' }, status: 201,
        onSuccess: () => { item.locationId = to; if (item === parent && child.parentId === parent.id) child.locationId = to; },
      };
    }
    case 'assignment': {
      if (pairs.length === 0) return undefined;
      const pair = pick(pairs);
      const [parent, child] = [working[2 * pair]!, working[2 * pair + 1]!];
      if (child.parentId === null) {
        return { method: 'POST', path: `/items/${child.id}/assignment`, body: { parentId: parent.id }, status: 201, onSuccess: () => { child.parentId = parent.id; child.locationId = parent.locationId; } };
      }
      return { method: 'DELETE', path: `/items/${child.id}/assignment`, status: 200, onSuccess: () => { child.parentId = null; } };
    }
  }
}

/** One step: `concurrency` clients until the time or the calls run out. */
export async function runStep(api: ApiClient, targets: LoadTargets, options: StepOptions): Promise<StepResult> {
  const { concurrency, seconds, callsPerClient, seed, mix = OPERATIONS, probeTimeoutMs = 30_000 } = options;
  const recorder = new LatencyRecorder();
  const lags: number[] = [];
  let probes = 0;
  let probing = false;
  const drawn: Operation[] = [];
  const deadline = seconds === undefined ? Number.POSITIVE_INFINITY : performance.now() + seconds * 1000;
  const pairCount = Math.floor(targets.working.length / 2);

  /** Until where-is, asked with the move's Consistency-Token, answers (the query side has applied the move, even if a later one followed). */
  const probe = async (itemId: string, consistencyToken: string, answeredAt: number): Promise<void> => {
    probing = true;
    probes += 1;
    try {
      while (performance.now() - answeredAt < probeTimeoutMs) {
        const answer = await api.send('GET', `/items/${itemId}/location`, undefined, { 'Consistency-Token': consistencyToken }).catch(() => undefined);
        if (answer?.status === 200) {
          lags.push(performance.now() - answeredAt);
          return;
        }
        await sleep(20);
      }
    } finally {
      probing = false;
    }
  };

  const started = performance.now();
  const probesInFlight: Promise<void>[] = [];
  await Promise.all(Array.from({ length: concurrency }, async (_, client) => {
    const draw = seededUniform(seed * 1009 + client);
    const pairs = Array.from({ length: pairCount }, (_, pair) => pair).filter((pair) => pair % concurrency === client);
    for (let n = 0; n < (callsPerClient ?? Number.POSITIVE_INFINITY) && performance.now() < deadline; n++) {
      const operation = operationAt(draw(), mix);
      const call = callFor(operation, targets, pairs, draw);
      if (!call) continue;
      if (client === 0) drawn.push(operation);
      const sent = performance.now();
      const answer = await api.send(call.method, call.path, call.body).catch(() => undefined);
      const answeredAt = performance.now();
      const ok = answer?.status === call.status;
      recorder.record(operation, answeredAt - sent, ok);
      if (!ok) continue;
      call.onSuccess?.(answer.body);
      const consistencyToken = (answer.body as { consistencyToken?: string } | undefined)?.consistencyToken;
      if (operation === 'move' && !probing && consistencyToken) probesInFlight.push(probe((call.body as { itemId: string }).itemId, consistencyToken, answeredAt));
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(probesInFlight);
  const overall = recorder.overall();
  const sortedLags = [...lags].sort((a, b) => a - b);
  return {
    outcome: { concurrency, throughput: overall.count / elapsed, p50: overall.p50, p99: overall.p99, p999: overall.p999, errors: overall.errors, calls: overall.count },
    endpoints: recorder.byEndpoint(),
    lag: { probes, seen: lags.length, p50: quantileOfSorted(sortedLags, 0.5), p99: quantileOfSorted(sortedLags, 0.99), max: sortedLags.at(-1) ?? Number.NaN },
    drawn,
  };
}
