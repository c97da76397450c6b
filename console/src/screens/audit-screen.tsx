import { Badge, Button, Code, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { operations } from '../api/schema';
import { formatWhen, isoFromLocalInput } from '../lib/dates';
import { Pager, usePager } from '../ui/pager';
import { ProblemAlert } from '../ui/problem-alert';
import { useLoad } from '../ui/use-load';

type Filters = NonNullable<operations['listAuditEntries']['parameters']['query']>;
type Outcome = NonNullable<Filters['outcome']>;
// Dark enough for white badge text at 4.5:1 (Mantine's green.9 is not).
const OUTCOME_COLORS: Record<Outcome, string> = { SUCCEEDED: '#1e6b30', FAILED: '#a61e1e', DENIED: '#8a4b00' };

/** The audit log for admins, filtered by time, user, action and outcome, newest first. */
export function AuditScreen() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [userId, setUserId] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>({});
  const pager = usePager();
  const { cursor } = pager;
  const page = useLoad(() => unwrap(api.GET('/audit', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })), [filters, cursor]);

  function apply(event: FormEvent) {
    event.preventDefault();
    const fromIso = isoFromLocalInput(from);
    const toIso = isoFromLocalInput(to);
    pager.reset();
    setFilters({
      ...(fromIso ? { from: fromIso } : {}), ...(toIso ? { to: toIso } : {}),
      ...(userId.trim() ? { userId: userId.trim() } : {}), ...(action.trim() ? { action: action.trim() } : {}),
      ...(outcome ? { outcome: outcome as Outcome } : {}),
    });
  }

  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <form onSubmit={apply} aria-label="Filter the audit log">
        <Group align="end">
          <TextInput type="datetime-local" label="From" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
          <TextInput type="datetime-local" label="To" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
          <TextInput label="User id" value={userId} onChange={(event) => setUserId(event.currentTarget.value)} />
          <TextInput label="Action" placeholder="e.g. moveItem" value={action} onChange={(event) => setAction(event.currentTarget.value)} />
          <Select label="Outcome" clearable data={Object.keys(OUTCOME_COLORS)} value={outcome} onChange={setOutcome} />
          <Button type="submit">Filter</Button>
        </Group>
      </form>
      <ProblemAlert problem={page.problem} />
      <Table striped>
        <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>User</Table.Th><Table.Th>Action</Table.Th><Table.Th>Request</Table.Th><Table.Th>Outcome</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {page.data?.items.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{formatWhen(entry.at)}</Table.Td>
              <Table.Td>{entry.userId ?? '—'}</Table.Td>
              <Table.Td>{entry.action}</Table.Td>
              <Table.Td><Code>{entry.method} {entry.path}</Code></Table.Td>
              <Table.Td><Badge variant="filled" color={OUTCOME_COLORS[entry.outcome]}>{entry.outcome}</Badge> {entry.errorCode ? <Code>{entry.errorCode}</Code> : null}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager pager={pager} nextCursor={page.data?.nextCursor} />
    </Stack>
  );
}
