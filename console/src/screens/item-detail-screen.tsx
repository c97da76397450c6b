import { Anchor, Breadcrumbs, Button, Group, Loader, Paper, Stack, Text, TextInput, Timeline, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import type { components } from '../api/schema';
import { may } from '../auth/roles';
import { useUser } from '../auth/use-session';
import { formatWhen, isoFromLocalInput } from '../lib/dates';
import { itemByCode } from '../lib/lookups';
import { ItemTable } from '../ui/item-table';
import { LocationCodeInput } from '../ui/location-code-input';
import { LocationLink } from '../ui/location-link';
import { ProblemAlert } from '../ui/problem-alert';
import { useLoad } from '../ui/use-load';

type Location = components['schemas']['Location'];
type HistoryEntry = components['schemas']['HistoryEntry'];

const KIND_WORDS: Record<HistoryEntry['kind'], string> = {
  MOVED: 'Moved', ASSIGNED: 'Assigned to a parent', RELEASED: 'Released from its parent', MOVED_WITH_PARENT: 'Moved with its parent',
};

function WhereAt({ itemId }: { itemId: string }) {
  const [input, setInput] = useState('');
  const at = isoFromLocalInput(input);
  const answer = useLoad(() => (at ? unwrap(api.GET('/items/{id}/location', { params: { path: { id: itemId }, query: { at } } })) : Promise.resolve(undefined)), [itemId, at]);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="where-at">
      <Title order={3} size="h5" id="where-at">Where was it at…</Title>
      <Group align="end">
        <TextInput type="datetime-local" step={1} label="Date and time" value={input} onChange={(event) => setInput(event.currentTarget.value)} />
        {answer.data ? <Text data-testid="where-at-answer">{answer.data.locationPath.map((node) => node.code).join(' › ')}</Text> : null}
      </Group>
      <ProblemAlert problem={answer.problem} />
    </Paper>
  );
}

function MoveForm({ itemId, onDone }: { itemId: string; onDone: () => void }) {
  const [destination, setDestination] = useState<Location>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  async function move(event: FormEvent) {
    event.preventDefault();
    if (!destination) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await unwrap(api.POST('/moves', { body: { itemId, toLocationId: destination.id, ...(reason.trim() ? { reason: reason.trim() } : {}) } }));
      onDone();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Paper withBorder p="sm" component="form" onSubmit={move} aria-labelledby="move-title">
      <Title order={3} size="h5" id="move-title">Move</Title>
      <Group align="end">
        <LocationCodeInput label="Destination code" onResolved={setDestination} />
        <TextInput label="Reason (optional)" value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
        <Button type="submit" disabled={!destination} loading={busy}>Move here</Button>
      </Group>
      <ProblemAlert problem={problem} title="Not moved" />
    </Paper>
  );
}

function AssignmentForm({ itemId, parentId, onDone }: { itemId: string; parentId: string | null; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  async function run(action: () => Promise<unknown>) {
    setProblem(undefined);
    try { await action(); onDone(); } catch (error) { setProblem(problemOf(error)); }
  }
  const assign = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const parent = await itemByCode(code);
      if (!parent) throw { type: 'about:blank', title: `No item has the code ${code.trim()}`, status: 404, code: 'ITEM_NOT_FOUND' };
      return unwrap(api.POST('/items/{id}/assignment', { params: { path: { id: itemId } }, body: { parentId: parent.id } }));
    });
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={assign} aria-labelledby="assign-title">
      <Title order={3} size="h5" id="assign-title">Assignment</Title>
      {parentId ? (
        <Group>
          <Text>Assigned to <Anchor component={Link} to={`/items/${parentId}`}>its parent</Anchor></Text>
          <Button variant="default" onClick={() => void run(() => unwrap(api.DELETE('/items/{id}/assignment', { params: { path: { id: itemId } } })))}>Release</Button>
        </Group>
      ) : (
        <Group align="end">
          <TextInput label="Parent's barcode or serial" value={code} onChange={(event) => setCode(event.currentTarget.value)} />
          <Button type="submit" disabled={!code.trim()}>Assign</Button>
        </Group>
      )}
      <ProblemAlert problem={problem} />
    </Paper>
  );
}

/** One item: where it is, its children, its history as a timeline, where it was at a past moment, and the actions its role allows. */
export function ItemDetailScreen() {
  const { id = '' } = useParams();
  const user = useUser();
  const [round, setRound] = useState(0);
  const refresh = () => setRound((value) => value + 1);
  const item = useLoad(() => unwrap(api.GET('/items/{id}', { params: { path: { id } } })), [id, round]);
  const place = useLoad(() => unwrap(api.GET('/items/{id}/location', { params: { path: { id } } })), [id, round]);
  const children = useLoad(() => unwrap(api.GET('/items', { params: { query: { parentId: id, limit: 100 } } })), [id, round]);
  const history = useLoad(() => unwrap(api.GET('/items/{id}/history', { params: { path: { id }, query: { limit: 100 } } })), [id, round]);
  if (item.problem) return <ProblemAlert problem={item.problem} />;
  if (!item.data) return <Loader aria-label="Loading item" />;
  const it = item.data;
  return (
    <Stack>
      <Title order={2}>{it.name}</Title>
      <Text size="sm">{it.kind} · serial {it.serialNumber ?? '—'} · barcode {it.barcode ?? '—'}</Text>
      <Group>
        <Text fw={500}>Where it is:</Text>
        {place.data ? (
          <nav aria-label="Location path"><Breadcrumbs>{place.data.locationPath.map((node) => <Anchor key={node.id} component={Link} to={`/locations/${node.id}`}>{node.code}</Anchor>)}</Breadcrumbs></nav>
        ) : <Loader size="xs" aria-label="Loading location" />}
      </Group>
      {may(user?.roles, 'moveItem') && !it.parentId ? <MoveForm itemId={id} onDone={refresh} /> : null}
      {may(user?.roles, 'assignChild') && it.kind === 'CHILD' ? <AssignmentForm itemId={id} parentId={it.parentId} onDone={refresh} /> : null}
      <WhereAt itemId={id} />
      {it.kind === 'PARENT' ? (
        <section aria-labelledby="children-title">
          <Title order={3} size="h5" id="children-title">Assigned children</Title>
          <ItemTable items={children.data?.items ?? []} caption="Children move with this item" />
        </section>
      ) : null}
      <section aria-labelledby="history-title">
        <Title order={3} size="h5" id="history-title" mb="sm">History</Title>
        <ProblemAlert problem={history.problem} />
        {history.data?.items.length === 0 ? <Text c="dimmed">No moves or assignments yet.</Text> : null}
        <Timeline bulletSize={14} lineWidth={2}>
          {(history.data?.items ?? []).map((entry) => (
            <Timeline.Item key={entry.eventId} title={KIND_WORDS[entry.kind]}>
              <Text size="sm">
                {entry.fromLocationId ? <>from <LocationLink id={entry.fromLocationId} /> </> : null}
                {entry.toLocationId ? <>to <LocationLink id={entry.toLocationId} /></> : null}
                {entry.reason ? ` — ${entry.reason}` : ''}
              </Text>
              <Text size="xs" c="dimmed">{formatWhen(entry.occurredAt)} · by {entry.actorId}</Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </section>
    </Stack>
  );
}
