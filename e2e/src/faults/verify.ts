/**
 * After a fault run has recovered: what the clients saw accepted is in the read models, the reports
 * and the event stream exactly once, nothing they saw refused is anywhere, and read models and
 * reports converge on the clients' own models. Returns the findings (empty: all promises kept).
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { EVENT_HEADERS, TOPICS, type HistoryPage, type InventoryStatusReport, type ItemLocation } from '@inventory/contracts';
import type { ApiClient } from '@inventory/tools';
import type { ClientState, SentCommand, World } from './workload.js';

export interface Verdict {
  findings: string[];
  /** Seconds until every read model and report showed the clients' final state. */
  convergedSeconds: number;
  accepted: number;
  refused: number;
  unanswered: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Trace {
  /** The event an accepted command of the kind puts on the stream (keyed by the item). */
  event: string;
  /** Its line in the item's history, if it has one. */
  line?: HistoryPage['items'][number]['kind'];
}

const TRACES: Record<SentCommand['kind'], Trace> = {
  register: { event: 'ItemRegistered' },
  move: { event: 'ItemMoved', line: 'MOVED' },
  assign: { event: 'ChildAssigned', line: 'ASSIGNED' },
  release: { event: 'ChildReleased', line: 'RELEASED' },
};

/** How long read models and reports may take to show the clients' final state after the last command. */
const CONVERGENCE_MS = 300_000;

const withAdmin = async <T>(brokers: string, use: (admin: Admin) => Promise<T>): Promise<T> => {
  const admin = new Kafka({ clientId: 'fault-run-verifier', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
};

/**
 * The consumer groups consuming now (stable, with members): taken before the faults, these are the
 * stack's projections, apart from groups other suites of a test run left behind on the same broker.
 */
export const consumingGroups = (brokers: string): Promise<string[]> => withAdmin(brokers, async (admin) => {
  const { groups } = await admin.describeGroups((await admin.listGroups()).groups.map(({ groupId }) => groupId));
  return groups.filter((group) => group.state === 'Stable' && group.members.length > 0).map(({ groupId }) => groupId);
});

/**
 * No consumer group stuck: each group that consumed before the faults has members again (it rejoined
 * after every restart) and has committed up to the end of every partition it reads, by `deadline`.
 */
async function stuckGroups(brokers: string, groups: readonly string[], deadline: number): Promise<string[]> {
  if (groups.length === 0) return ['no consumer group was consuming before the faults'];
  return withAdmin(brokers, async (admin) => {
    for (;;) {
      const behind: string[] = [];
      for (const group of (await admin.describeGroups([...groups])).groups) {
        if (group.state !== 'Stable' || group.members.length === 0) behind.push(`consumer group ${group.groupId} is ${group.state} with ${group.members.length} members`);
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group.groupId })) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
          const lag = partitions.reduce((sum, { partition, offset }) => sum + Math.max(0, (ends.get(partition) ?? 0) - Math.max(0, Number(offset))), 0);
          if (lag > 0) behind.push(`consumer group ${group.groupId} is ${lag} messages behind on ${topic}`);
        }
      }
      if (behind.length === 0 || Date.now() > deadline) return behind;
      await sleep(1000);
    }
  });
}

/** A read that follows CONSISTENCY_TIMEOUT's "retry" and outlasts a restart, for up to five minutes. */
async function read<T>(api: ApiClient, path: string): Promise<{ status: number; body: T }> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const answer = await api.send('GET', path).catch(() => undefined);
    if (answer && answer.status < 500) return { status: answer.status, body: answer.body as T };
    if (Date.now() > deadline) throw new Error(`GET ${path} never answered: ${answer?.status ?? 'no answer'}`);
    await sleep(500);
  }
}

async function allHistory(api: ApiClient, itemId: string): Promise<HistoryPage['items']> {
  const entries: HistoryPage['items'] = [];
  let cursor: string | null = null;
  do {
    const page: { body: HistoryPage } = await read<HistoryPage>(api, `/items/${itemId}/history?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    entries.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries;
}

interface StreamEvent {
  id: string;
  type: string;
}

/** The events (id and type) keyed by `itemIds` on the items topic, from its start to its current end. */
async function eventsOnStream(brokers: string, itemIds: Set<string>): Promise<Map<string, StreamEvent[]>> {
  const kafka = new Kafka({ clientId: 'fault-run-verifier', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.items);
  await admin.disconnect();
  const remaining = new Map(ends.filter((end) => Number(end.high) > 0).map((end) => [end.partition, Number(end.high)]));
  const byItem = new Map<string, StreamEvent[]>();
  const consumer = kafka.consumer({ groupId: `fault-run-verifier-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.items, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    if (remaining.size === 0) resolve();
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString() ?? '';
        if (itemIds.has(key)) {
          const events = byItem.get(key) ?? [];
          events.push({ id: message.headers?.[EVENT_HEADERS.eventId]?.toString() ?? '', type: message.headers?.[EVENT_HEADERS.eventType]?.toString() ?? '' });
          byItem.set(key, events);
        }
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0) resolve();
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return byItem;
}

/** `groups`: the consumer groups consuming before the faults (consumingGroups). */
export async function verifyFaultRun(api: ApiClient, brokers: string, groups: readonly string[], world: World, clients: ClientState[], sent: SentCommand[]): Promise<Verdict> {
  const started = performance.now();
  const findings: string[] = [];
  const items = clients.flatMap((client) => client.items);

  // One budget for the whole convergence (the projections catch up once, not once per item).
  const deadline = Date.now() + CONVERGENCE_MS;
  // Read models converge on each client's model: where-is of every item, rounds over those not there yet.
  let pending = items;
  for (;;) {
    const reads = await Promise.all(pending.map(async (item) => ({ item, where: await read<ItemLocation>(api, `/items/${item.id}/location`) })));
    const wrong = reads.filter(({ item, where }) => !(where.status === 200 && where.body.locationId === item.locationId && where.body.parentId === item.parentId));
    pending = wrong.map(({ item }) => item);
    if (pending.length === 0) break;
    if (Date.now() > deadline) {
      for (const { item, where } of wrong) findings.push(`item ${item.id}: read model says ${JSON.stringify(where.body)}, the client saw ${item.locationId} / parent ${item.parentId}`);
      break;
    }
    await sleep(500);
  }
  // Reports converge: the inventory status counts per bin equal the clients' items there.
  const expected = new Map(world.binIds.map((id) => [id, items.filter((item) => item.locationId === id).length]));
  for (;;) {
    const report = await read<InventoryStatusReport>(api, `/reports/inventory-status?rootId=${world.rootId}`);
    const wrong = world.binIds.filter((id) => report.body.locations?.find((row) => row.locationId === id)?.itemCount !== expected.get(id));
    if (wrong.length === 0) break;
    if (Date.now() > deadline) {
      findings.push(`inventory-status report: bins ${wrong.join(', ')} differ from the clients' ${JSON.stringify([...expected])}`);
      break;
    }
    await sleep(500);
  }
  const convergedSeconds = (performance.now() - started) / 1000;
  findings.push(...await stuckGroups(brokers, groups, Math.max(deadline, Date.now() + 60_000)));

  // History and stream: every accepted command exactly once, nothing else (a refused or unanswered command leaves nothing if it did not happen).
  const stream = await eventsOnStream(brokers, new Set(items.map((item) => item.id)));
  for (const item of items) {
    const history = await allHistory(api, item.id);
    const onStream = stream.get(item.id) ?? [];
    const ofItem = sent.filter((command) => command.itemId === item.id);
    for (const [kind, { event, line }] of Object.entries(TRACES) as [SentCommand['kind'], Trace][]) {
      const accepted = ofItem.filter((command) => command.kind === kind && command.outcome === 'accepted');
      const unanswered = ofItem.filter((command) => command.kind === kind && command.outcome === 'unanswered').length;
      const seen = { [`${TOPICS.items} (${event})`]: onStream.filter((candidate) => candidate.type === event).length, ...(line && { [`history (${line})`]: history.filter((entry) => entry.kind === line).length }) };
      for (const [where, times] of Object.entries(seen)) {
        if (times < accepted.length || times > accepted.length + unanswered) findings.push(`${item.id}: ${times} in ${where} for ${accepted.length} accepted ${kind}s (${unanswered} unanswered)`);
      }
      // Accepted moves name their event: each of those exactly once, in history and on the stream.
      for (const id of accepted.flatMap((command) => (command.eventId ? [command.eventId] : []))) {
        const inHistory = history.filter((entry) => entry.eventId === id).length;
        const streamed = onStream.filter((candidate) => candidate.id === id).length;
        if (inHistory !== 1 || streamed !== 1) findings.push(`accepted ${kind} ${id} of ${item.id} is ${inHistory} times in its history and ${streamed} times on ${TOPICS.items}`);
      }
    }
    if (new Set(history.map((entry) => entry.eventId)).size !== history.length) findings.push(`${item.id}: a history line twice`);
    const streamIds = new Set(onStream.map((event) => event.id));
    if (streamIds.size !== onStream.length) findings.push(`${item.id}: an event twice on ${TOPICS.items} (${onStream.length - streamIds.size} duplicates)`);
  }
  const count = (outcome: SentCommand['outcome']) => sent.filter((command) => command.outcome === outcome).length;
  for (const command of sent.filter((candidate) => candidate.outcome === 'refused')) findings.push(`refused: ${command.kind} of ${command.itemId ?? 'a new item'} (${command.status} ${command.code ?? ''}), which the client's model says must be accepted`);
  return { findings, convergedSeconds, accepted: count('accepted'), refused: count('refused'), unanswered: count('unanswered') };
}
