/**
 * After a fault run has recovered: what the clients saw accepted is in the read models, the reports
 * and the event stream exactly once, nothing they saw refused is anywhere, and read models and
 * reports converge on the clients' own models. Returns the findings (empty: all promises kept).
 */
import { Kafka, logLevel } from 'kafkajs';
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

/** Event ids of the messages keyed by `itemIds` on the items topic, from its start to its current end. */
async function eventIdsOnStream(brokers: string, itemIds: Set<string>): Promise<Map<string, string[]>> {
  const kafka = new Kafka({ clientId: 'fault-run-verifier', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.items);
  await admin.disconnect();
  const remaining = new Map(ends.filter((end) => Number(end.high) > 0).map((end) => [end.partition, Number(end.high)]));
  const byItem = new Map<string, string[]>();
  const consumer = kafka.consumer({ groupId: `fault-run-verifier-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.items, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    if (remaining.size === 0) resolve();
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString() ?? '';
        if (itemIds.has(key)) byItem.set(key, [...(byItem.get(key) ?? []), message.headers?.[EVENT_HEADERS.eventId]?.toString() ?? '']);
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0) resolve();
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return byItem;
}

export async function verifyFaultRun(api: ApiClient, brokers: string, world: World, clients: ClientState[], sent: SentCommand[]): Promise<Verdict> {
  const started = performance.now();
  const findings: string[] = [];
  const items = clients.flatMap((client) => client.items);

  // Read models converge on each client's model: where-is of every item (waiting for the projections to catch up).
  for (const item of items) {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const where = await read<ItemLocation>(api, `/items/${item.id}/location`);
      if (where.status === 200 && where.body.locationId === item.locationId && where.body.parentId === item.parentId) break;
      if (Date.now() > deadline) {
        findings.push(`item ${item.id}: read model says ${JSON.stringify(where.body)}, the client saw ${item.locationId} / parent ${item.parentId}`);
        break;
      }
      await sleep(500);
    }
  }
  // Reports converge: the inventory status counts per bin equal the clients' items there.
  const expected = new Map(world.binIds.map((id) => [id, items.filter((item) => item.locationId === id).length]));
  const deadline = Date.now() + 300_000;
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

  // History: every accepted move exactly once, nothing else (a refused or unanswered command leaves no line if it did not happen).
  const moves = sent.filter((command) => command.kind === 'move');
  const stream = await eventIdsOnStream(brokers, new Set(items.map((item) => item.id)));
  for (const item of items) {
    const history = await allHistory(api, item.id);
    const ids = history.filter((entry) => entry.kind === 'MOVED').map((entry) => entry.eventId);
    const acceptedIds = moves.filter((command) => command.itemId === item.id && command.outcome === 'accepted').map((command) => command.eventId!);
    const unanswered = moves.filter((command) => command.itemId === item.id && command.outcome === 'unanswered').length;
    for (const id of acceptedIds) {
      const times = ids.filter((candidate) => candidate === id).length;
      if (times !== 1) findings.push(`accepted move ${id} of ${item.id} is ${times} times in its history`);
      const onStream = (stream.get(item.id) ?? []).filter((candidate) => candidate === id).length;
      if (onStream !== 1) findings.push(`accepted move ${id} of ${item.id} is ${onStream} times on ${TOPICS.items}`);
    }
    const extra = ids.length - acceptedIds.length;
    if (extra < 0 || extra > unanswered) findings.push(`${item.id} has ${ids.length} moves in history for ${acceptedIds.length} accepted (${unanswered} unanswered)`);
    if (new Set(history.map((entry) => entry.eventId)).size !== history.length) findings.push(`${item.id}: a history line twice`);
    const streamIds = stream.get(item.id) ?? [];
    if (new Set(streamIds).size !== streamIds.length) findings.push(`${item.id}: an event twice on ${TOPICS.items} (${streamIds.length - new Set(streamIds).size} duplicates)`);
  }
  const count = (outcome: SentCommand['outcome']) => sent.filter((command) => command.outcome === outcome).length;
  for (const command of sent.filter((candidate) => candidate.outcome === 'refused')) findings.push(`refused: ${command.kind} of ${command.itemId ?? 'a new item'} (${command.status}), which the client's model says must be accepted`);
  return { findings, convergedSeconds, accepted: count('accepted'), refused: count('refused'), unanswered: count('unanswered') };
}
