/**
 * A stream of mixed commands from concurrent clients through the gateway, as a careful client sends
 * them while processes die: every command carries an Idempotency-Key and is retried with the same
 * key until it is answered (2xx or a refusal), so each one ends accepted, refused, or — only if the
 * stack never answered within the retry window — unanswered. Each client owns its items, so its own
 * model says what the read side must show afterwards, whatever the interleaving with other clients.
 */
import { randomUUID } from 'node:crypto';
import type { AssignmentResult, ItemResult, LocationResult, LocationTypeResult, ItemTypeResult, MoveResult } from '@inventory/contracts';
import { ApiClient } from '@inventory/tools';

export interface World {
  rootId: string;
  binIds: string[];
  /** Where fault probes register their items, apart from the clients' bins. */
  probeBinId: string;
  palletTypeId: string;
  laptopTypeId: string;
}

export interface ClientItem {
  id: string;
  kind: 'PARENT' | 'CHILD';
  locationId: string;
  parentId: string | null;
}

export type Outcome = 'accepted' | 'refused' | 'unanswered';

export interface SentCommand {
  client: number;
  kind: 'register' | 'move' | 'assign' | 'release';
  itemId: string | undefined;
  outcome: Outcome;
  status: number;
  /** The problem's code of a refusal (or of the last answer of an unanswered command). */
  code?: string;
  /** The accepted move's event id (each must be in history and on the stream exactly once). */
  eventId?: string;
  attempts: number;
}

export interface ClientState {
  index: number;
  items: ClientItem[];
}

export interface Answered<T> {
  status: number;
  body: T;
  attempts: number;
  /** False when the retry window ended without a final answer. */
  answered: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers worth retrying with the same key: the stack (or a process in it) is down, or the first attempt still runs. */
const retryable = (status: number, code: string | undefined): boolean =>
  status >= 500 || status === 429 || (status === 409 && code === 'CONCURRENT_MODIFICATION');

/** One command until it is answered: same Idempotency-Key on every attempt, backoff up to 2 s, given up after `windowMs`. */
export async function sendUntilAnswered<T>(api: ApiClient, method: string, path: string, body: unknown, windowMs: number): Promise<Answered<T>> {
  const key = randomUUID();
  const deadline = Date.now() + windowMs;
  for (let attempt = 1; ; attempt += 1) {
    const answer = await api.send(method, path, body, { 'Idempotency-Key': key }).catch(() => undefined);
    const code = (answer?.body as { code?: string } | undefined)?.code;
    if (answer && !retryable(answer.status, code)) return { status: answer.status, body: answer.body as T, attempts: attempt, answered: true };
    if (Date.now() > deadline) return { status: answer?.status ?? 0, body: answer?.body as T, attempts: attempt, answered: false };
    await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
  }
}

/** A small seeded generator (mulberry32): the same seed gives every client the same commands on every run. */
function seededRandom(seed: number): (bound: number) => number {
  let value = seed >>> 0;
  return (bound) => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(value ^ (value >>> 15), 1 | value);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return (((mixed ^ (mixed >>> 14)) >>> 0) % bound);
  };
}

/** A root with `bins` unlimited bins (no capacity or type rule: each client's outcomes depend on its own items only). */
export async function buildWorld(api: ApiClient, tag: string, bins: number): Promise<World> {
  const pallet = await api.request<ItemTypeResult>('POST', '/item-types', { name: `Pallet ${tag}` });
  const laptop = await api.request<ItemTypeResult>('POST', '/item-types', { name: `Laptop ${tag}` });
  const site = await api.request<LocationTypeResult>('POST', '/location-types', { name: `Site ${tag}` });
  const bin = await api.request<LocationTypeResult>('POST', '/location-types', { name: `Bin ${tag}` });
  const root = await api.request<LocationResult>('POST', '/locations', { code: `F-${tag}`, name: `Fault run ${tag}`, locationTypeId: site.locationType.id });
  const binIds: string[] = [];
  for (let index = 0; index < bins; index += 1) {
    const created = await api.request<LocationResult>('POST', '/locations', { code: `F-${tag}-${index}`, name: `Bin ${index}`, locationTypeId: bin.locationType.id, parentLocationId: root.location.id });
    binIds.push(created.location.id);
  }
  const probe = await api.request<LocationResult>('POST', '/locations', { code: `F-${tag}-probe`, name: 'Probes', locationTypeId: bin.locationType.id, parentLocationId: root.location.id });
  return { rootId: root.location.id, binIds, probeBinId: probe.location.id, palletTypeId: pallet.itemType.id, laptopTypeId: laptop.itemType.id };
}

export interface ClientOptions {
  world: World;
  commands: number;
  seed: number;
  windowMs: number;
  /** Called after every answered command (progress, for the fault schedule). */
  onAnswered: () => void;
}

/**
 * One client: a pallet and two laptops of its own, then `commands` commands chosen by a seeded
 * generator among those its model says must be accepted (moves of the pallet with its children,
 * moves of loose laptops, assignments and releases, now and then a new laptop).
 */
export async function runClient(api: ApiClient, index: number, options: ClientOptions, sent: SentCommand[]): Promise<ClientState> {
  const { world, windowMs } = options;
  const state: ClientState = { index, items: [] };
  const next = seededRandom(options.seed * 7919 + index);
  const otherBin = (current: string): string => world.binIds.filter((id) => id !== current)[next(world.binIds.length - 1)]!;
  const record = <T>(kind: SentCommand['kind'], itemId: string | undefined, answer: Answered<T>, success: number, eventId?: string): boolean => {
    const outcome: Outcome = !answer.answered ? 'unanswered' : answer.status === success ? 'accepted' : 'refused';
    const code = (answer.body as { code?: string } | undefined)?.code;
    sent.push({ client: index, kind, itemId, outcome, status: answer.status, attempts: answer.attempts, ...(code && { code }), ...(outcome === 'accepted' && eventId ? { eventId } : {}) });
    options.onAnswered();
    return outcome === 'accepted';
  };

  const register = async (kind: 'PARENT' | 'CHILD'): Promise<void> => {
    const locationId = world.binIds[next(world.binIds.length)]!;
    const typeId = kind === 'PARENT' ? world.palletTypeId : world.laptopTypeId;
    const answer = await sendUntilAnswered<ItemResult>(api, 'POST', '/items', { itemTypeId: typeId, kind, name: `${kind} of client ${index}`, locationId }, windowMs);
    if (record('register', answer.body?.item?.id, answer, 201)) {
      state.items.push({ id: answer.body.item.id, kind, locationId, parentId: null });
    }
  };

  const move = async (item: ClientItem, carried: ClientItem[]): Promise<void> => {
    const to = otherBin(item.locationId);
    const answer = await sendUntilAnswered<MoveResult>(api, 'POST', '/moves', { itemId: item.id, toLocationId: to, reason: 'fault run' }, windowMs);
    if (record('move', item.id, answer, 201, answer.body?.move?.eventId)) for (const moved of [item, ...carried]) moved.locationId = to;
  };

  for (const kind of ['PARENT', 'CHILD', 'CHILD'] as const) await register(kind);
  if (state.items.length < 3) throw new Error(`client ${index} could not register its first items: ${JSON.stringify(sent.filter((command) => command.client === index))}`);
  for (let step = 0; step < options.commands; step += 1) {
    const pallet = state.items.find((item) => item.kind === 'PARENT')!;
    const laptops = state.items.filter((item) => item.kind === 'CHILD');
    const laptop = laptops[next(laptops.length)]!;
    const choice = next(10);
    if (choice === 0) {
      await register('CHILD');
    } else if (choice <= 4 || (laptop.parentId !== null && choice >= 7)) {
      await move(pallet, laptops.filter((candidate) => candidate.parentId === pallet.id));
    } else if (laptop.parentId !== null) {
      const answer = await sendUntilAnswered<AssignmentResult>(api, 'DELETE', `/items/${laptop.id}/assignment`, undefined, windowMs);
      if (record('release', laptop.id, answer, 200)) laptop.parentId = null;
    } else if (choice <= 6) {
      const answer = await sendUntilAnswered<AssignmentResult>(api, 'POST', `/items/${laptop.id}/assignment`, { parentId: pallet.id }, windowMs);
      if (record('assign', laptop.id, answer, 201)) {
        laptop.parentId = pallet.id;
        laptop.locationId = pallet.locationId;
      }
    } else {
      await move(laptop, []);
    }
  }
  return state;
}
