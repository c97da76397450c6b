import { Badge, Button, Code, Group, Paper, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { api, rememberConsistencyToken } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import type { components } from '../api/schema';
import { chunks } from '../lib/chunks';
import { itemByCode, locationByCode } from '../lib/lookups';
import { ProblemAlert } from '../ui/problem-alert';

type Item = components['schemas']['Item'];
type Location = components['schemas']['Location'];
type Outcome = components['schemas']['BulkMoveOutcome'];

/**
 * Bulk move for keyboard-wedge scanners (a code, then Enter): scan items, scan the destination's
 * label, press Enter (or the button) to confirm, and see each item's outcome. No mouse needed.
 */
export function ScanScreen() {
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const [destination, setDestination] = useState<Location>();
  const [message, setMessage] = useState('Scan an item, or a location to move the scanned items there.');
  const [outcomes, setOutcomes] = useState<{ item: Item; outcome: Outcome }[]>();
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<ApiProblem>();

  function reset() {
    setItems([]); setDestination(undefined); setOutcomes(undefined); setProblem(undefined);
  }

  async function scan(value: string) {
    if (outcomes) reset();
    try {
      const item = await itemByCode(value);
      if (item) {
        setItems((scanned) => (scanned.some((entry) => entry.id === item.id) ? scanned : [...scanned, item]));
        setMessage(`Added ${item.name}.`);
        return;
      }
      const location = await locationByCode(value);
      if (location) {
        setDestination(location);
        setMessage(`Destination ${location.code} · ${location.name}: press Enter to move.`);
        return;
      }
      setMessage(`Nothing has the code ${value}.`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  async function confirm() {
    if (!destination || items.length === 0) return;
    setProblem(undefined);
    setProgress(0);
    const done: { item: Item; outcome: Outcome }[] = [];
    try {
      for (const batch of chunks(items)) {
        const answer = await unwrap(api.POST('/moves/bulk', { body: { moves: batch.map((item) => ({ itemId: item.id, toLocationId: destination.id })) } }));
        rememberConsistencyToken(answer.consistencyToken);
        done.push(...answer.results.map((outcome) => ({ item: batch[outcome.index]!, outcome })));
        setProgress(done.length);
      }
      const moved = done.filter((entry) => entry.outcome.outcome === 'MOVED').length;
      setMessage(`${moved} of ${items.length} moved to ${destination.code}. Scan to start again.`);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setOutcomes(done);
      setProgress(undefined);
      input.current?.focus();
    }
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const value = code.trim();
    setCode('');
    if (value) void scan(value);
    else void confirm();
  }

  return (
    <Stack>
      <Title order={2}>Scan &amp; move</Title>
      <TextInput ref={input} label="Scan" description="Items first, then the destination; Enter on an empty field confirms" value={code}
        onChange={(event) => setCode(event.currentTarget.value)} onKeyDown={onKey} autoFocus autoComplete="off" />
      <Text role="status" aria-live="polite">{message}</Text>
      <Group>
        <Text>Destination: {destination ? <strong>{destination.code} · {destination.name}</strong> : 'not scanned yet'}</Text>
        <Button onClick={() => void confirm()} disabled={!destination || items.length === 0 || Boolean(outcomes)} loading={progress !== undefined}>
          Move {items.length} item{items.length === 1 ? '' : 's'}
        </Button>
        <Button variant="default" onClick={() => { reset(); input.current?.focus(); }}>Clear</Button>
      </Group>
      {progress !== undefined ? <Progress value={(progress / items.length) * 100} aria-label="Moving" /> : null}
      <ProblemAlert problem={problem} />
      <Paper withBorder>
        <Table>
          <Table.Caption>{outcomes ? 'Outcome per item' : 'Scanned items'}</Table.Caption>
          <Table.Thead><Table.Tr><Table.Th>Item</Table.Th><Table.Th>Code</Table.Th><Table.Th>{outcomes ? 'Outcome' : 'Action'}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const result = outcomes?.find((entry) => entry.item.id === item.id)?.outcome;
              return (
                <Table.Tr key={item.id}>
                  <Table.Td><Link to={`/items/${item.id}`}>{item.name}</Link></Table.Td>
                  <Table.Td>{item.barcode ?? item.serialNumber ?? item.id}</Table.Td>
                  <Table.Td>
                    {result?.outcome === 'MOVED' ? <Badge color="#1e6b30">moved</Badge> : null}
                    {result?.outcome === 'REJECTED' ? <Text size="sm" c="red.9">{result.problem.detail ?? result.problem.title} <Code>{result.problem.code}</Code></Text> : null}
                    {!outcomes ? <Button size="xs" variant="subtle" onClick={() => setItems(items.filter((entry) => entry.id !== item.id))}>Remove</Button> : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
