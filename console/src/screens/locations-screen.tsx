import { ActionIcon, Badge, Button, Grid, Group, Loader, NavLink, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { components } from '../api/schema';
import { may } from '../auth/roles';
import { useUser } from '../auth/use-session';
import { isoFromLocalInput } from '../lib/dates';
import { ItemTable } from '../ui/item-table';
import { ProblemAlert } from '../ui/problem-alert';
import { useLoad } from '../ui/use-load';
import { LocationManagement } from './location-management';

type TreeNode = components['schemas']['LocationTreeNode'];
const LIST = { listStyle: 'none', margin: 0, padding: 0 };
type Counts = Map<string, { itemCount: number; totalItemCount: number }>;

/** Children of a node (or the roots): one level at a time, so a large tree is never loaded whole. */
const childrenOf = async (rootId: string | undefined): Promise<TreeNode[]> => {
  const tree = await unwrap(api.GET('/locations/tree', { params: { query: rootId ? { rootId, maxDepth: 1 } : { maxDepth: 0 } } }));
  return tree.nodes.filter((node) => (rootId ? node.depth === 1 : node.depth === 0));
};

function TreeLevel({ parentId, counts, selected }: { parentId: string | undefined; counts: Counts | undefined; selected: string | undefined }) {
  const { data, problem, loading } = useLoad(() => childrenOf(parentId), [parentId]);
  if (loading && !data) return <li><Loader size="xs" aria-label="Loading locations" /></li>;
  if (problem) return <li><ProblemAlert problem={problem} /></li>;
  if (data?.length === 0 && !parentId) return <li><Text c="dimmed">No locations yet.</Text></li>;
  return data?.map((node) => <TreeBranch key={node.id} node={node} counts={counts} selected={selected} />);
}

function TreeBranch({ node, counts, selected }: { node: TreeNode; counts: Counts | undefined; selected: string | undefined }) {
  const [open, setOpen] = useState(false);
  const count = counts?.get(node.id);
  const label = `${node.code} · ${node.name}`;
  return (
    <li>
      <Group gap={4} wrap="nowrap">
        <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => setOpen(!open)} aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`}>
          {open ? '▾' : '▸'}
        </ActionIcon>
        <NavLink
          component={Link}
          to={`/locations/${node.id}`}
          label={label}
          description={node.active ? undefined : 'inactive'}
          rightSection={count ? <Badge size="sm" variant="light" miw="fit-content" aria-label={`${count.totalItemCount} items, ${count.itemCount} directly here`}>{count.totalItemCount}</Badge> : null}
          active={selected === node.id}
          variant="filled"
        />
      </Group>
      {open ? <ul style={{ ...LIST, paddingLeft: 18 }}><TreeLevel parentId={node.id} counts={counts} selected={selected} /></ul> : null}
    </li>
  );
}

const MODES = [
  { value: 'direct', label: 'Directly here' },
  { value: 'recursive', label: 'With sub-locations' },
  { value: 'children', label: 'With assigned children' },
];

function Contents({ locationId, onTreeChanged }: { locationId: string; onTreeChanged: () => void }) {
  const navigate = useNavigate();
  const [round, setRound] = useState(0);
  const [mode, setMode] = useState('direct');
  const [atInput, setAtInput] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const at = isoFromLocalInput(atInput);
  const location = useLoad(() => unwrap(api.GET('/locations/{id}', { params: { path: { id: locationId } } })), [locationId, round]);
  const contents = useLoad(() => unwrap(api.GET('/locations/{id}/contents', { params: { path: { id: locationId }, query: {
    limit: 50,
    ...(mode === 'recursive' ? { recursive: 'true' as const } : {}),
    ...(mode === 'children' ? { includeChildren: 'true' as const } : {}),
    ...(at ? { at } : {}),
    ...(cursor ? { cursor } : {}),
  } } })), [locationId, mode, at, cursor]);
  return (
    <Stack>
      <ProblemAlert problem={location.problem} />
      {location.data ? <Title order={2}>{location.data.code} · {location.data.name}</Title> : null}
      {location.data ? (
        <LocationManagement
          location={location.data}
          onSaved={() => { setRound((value) => value + 1); onTreeChanged(); }}
          onDeleted={() => { onTreeChanged(); void navigate('/locations'); }}
        />
      ) : null}
      <Group align="end">
        <SegmentedControl aria-label="What to show" data={MODES} value={mode} onChange={(value) => { setMode(value); setCursor(null); }} />
        <TextInput type="datetime-local" step={1} label="What was here at…" value={atInput} onChange={(event) => { setAtInput(event.currentTarget.value); setCursor(null); }} />
        {atInput ? <Button variant="subtle" onClick={() => setAtInput('')}>Now</Button> : null}
      </Group>
      <ProblemAlert problem={contents.problem} />
      {contents.loading ? <Loader size="sm" aria-label="Loading contents" /> : null}
      {contents.data ? (
        <ItemTable
          caption={at ? `Held at ${new Date(at).toLocaleString()}` : 'Held now'}
          items={contents.data.items.map((entry) => entry.item)}
          extra={mode === 'children' ? (item) => (item.parentId ? <Link to={`/items/${item.parentId}`}>parent</Link> : 'loose') : undefined}
        />
      ) : null}
      <Group>
        {cursor ? <Button variant="default" onClick={() => setCursor(null)}>First page</Button> : null}
        {contents.data?.nextCursor ? <Button variant="default" onClick={() => setCursor(contents.data!.nextCursor)}>Next page</Button> : null}
      </Group>
    </Stack>
  );
}

/** Location tree (drill down, rolled-up counts where the role may read reports) and what a location holds. */
export function LocationsScreen() {
  const { id } = useParams();
  const user = useUser();
  // Bumped after a location is changed or deleted: the tree loads again.
  const [treeRound, setTreeRound] = useState(0);
  const treeChanged = () => setTreeRound((value) => value + 1);
  const counts = useLoad(async (): Promise<Counts | undefined> => {
    if (!may(user?.roles, 'getInventoryStatusReport')) return undefined;
    const report = await unwrap(api.GET('/reports/inventory-status')) as components['schemas']['InventoryStatusReport'];
    return new Map(report.locations.map((row) => [row.locationId, row]));
  }, [user]);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="xs" component="section" aria-label="Location tree">
          <Title order={2} size="h4" mb="xs">Locations</Title>
          <ul key={treeRound} style={LIST} aria-label="Location tree"><TreeLevel parentId={undefined} counts={counts.data} selected={id} /></ul>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        {id ? <Contents key={id} locationId={id} onTreeChanged={treeChanged} /> : <Text c="dimmed">Choose a location to see what it holds.</Text>}
      </Grid.Col>
    </Grid>
  );
}
