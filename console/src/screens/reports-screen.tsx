import { Button, Group, Loader, Paper, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, fetchFile } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import type { components } from '../api/schema';
import { seriesColor } from '../lib/chart-palette';
import { download } from '../lib/csv';
import { itemTypes, locationTypes } from '../lib/lookups';
import { ProblemAlert } from '../ui/problem-alert';
import { useLoad } from '../ui/use-load';

type Status = components['schemas']['InventoryStatusReport'];
type Movements = components['schemas']['MovementsReport'];
type Counts = components['schemas']['CountsReport'];

const DAY_MS = 86_400_000;
/**
 * With dozens of location types the legend wraps to more rows than the chart is high, and Recharts grows it
 * upwards over the panel's title row, where it covered the Download CSV button: past three rows it is cut (the tooltip names every series; a scrolling legend would be a region keyboard users cannot reach).
 */
const LEGEND_STYLE = { maxHeight: 64, overflow: 'hidden' } as const;
const dayInput = (date: Date) => date.toISOString().slice(0, 10);

function CsvButton({ path, file }: { path: string; file: string }) {
  const [problem, setProblem] = useState<ApiProblem>();
  return (
    <>
      <Button size="xs" variant="default" onClick={() => fetchFile(path, 'text/csv').then((csv) => download(file, csv), (error: unknown) => setProblem(problemOf(error)))}>Download CSV</Button>
      <ProblemAlert problem={problem} />
    </>
  );
}

function ChartPanel({ title, csv, file, children }: { title: string; csv: string; file: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs"><Title order={3} size="h5">{title}</Title><CsvButton path={csv} file={file} /></Group>
      <div style={{ width: '100%', height: 280, overflow: 'hidden' }}>{children}</div>
    </Paper>
  );
}

/** Reports dashboard: status by location, moves per day over a chosen range, counts by item type × location type; each as CSV too. */
export function ReportsScreen() {
  const [from, setFrom] = useState(dayInput(new Date(Date.now() - 13 * DAY_MS)));
  const [to, setTo] = useState(dayInput(new Date(Date.now() + DAY_MS)));
  const range = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  const status = useLoad(async () => unwrap(api.GET('/reports/inventory-status')) as Promise<Status>, []);
  const movements = useLoad(async () => unwrap(api.GET('/reports/movements', { params: { query: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), groupBy: 'day' } } })) as Promise<Movements>, [range]);
  const counts = useLoad(async () => unwrap(api.GET('/reports/counts')) as Promise<Counts>, []);
  const names = useLoad(async () => {
    const [items, locations] = await Promise.all([itemTypes(), locationTypes()]);
    return new Map([...items, ...locations].map((type) => [type.id, type.name]));
  }, []);

  const byLocation = useMemo(() => [...(status.data?.locations ?? [])].sort((a, b) => b.itemCount - a.itemCount).slice(0, 15)
    .map((row) => ({ name: row.code, 'items here': row.itemCount })), [status.data]);
  const crossTab = useMemo(() => {
    const rows = new Map<string, Record<string, number | string>>();
    const columns = new Set<string>();
    for (const row of counts.data?.rows ?? []) {
      const itemType = names.data?.get(row.itemTypeId) ?? row.itemTypeId.slice(0, 8);
      const locationType = names.data?.get(row.locationTypeId) ?? row.locationTypeId.slice(0, 8);
      columns.add(locationType);
      const entry = rows.get(itemType) ?? { name: itemType };
      entry[locationType] = Number(entry[locationType] ?? 0) + row.itemCount;
      rows.set(itemType, entry);
    }
    return { rows: [...rows.values()], columns: [...columns] };
  }, [counts.data, names.data]);

  const problem = status.problem ?? movements.problem ?? counts.problem;
  return (
    <Stack>
      <Title order={2}>Reports</Title>
      <ProblemAlert problem={problem} />
      {status.loading && !status.data ? <Loader aria-label="Loading reports" /> : null}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartPanel title="Items by location (top 15)" csv="/reports/inventory-status" file="inventory-status.csv">
          <ResponsiveContainer><BarChart data={byLocation}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" fontSize={11} /><YAxis allowDecimals={false} /><Tooltip /><Bar dataKey="items here" fill={seriesColor(0)} /></BarChart></ResponsiveContainer>
        </ChartPanel>
        <ChartPanel title={`Moves per day (${movements.data?.totalMoves ?? '…'} in range)`} csv={`/reports/movements?${range}&groupBy=day`} file="movements.csv">
          <ResponsiveContainer><LineChart data={movements.data?.buckets ?? []}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="key" fontSize={11} /><YAxis allowDecimals={false} /><Tooltip /><Line dataKey="moves" stroke={seriesColor(1)} /></LineChart></ResponsiveContainer>
        </ChartPanel>
        <ChartPanel title="Items by item type × location type" csv="/reports/counts" file="counts.csv">
          <ResponsiveContainer><BarChart data={crossTab.rows}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="name" fontSize={11} /><YAxis allowDecimals={false} /><Tooltip /><Legend wrapperStyle={LEGEND_STYLE} />
            {crossTab.columns.map((column, index) => <Bar key={column} dataKey={column} stackId="types" fill={seriesColor(index)} />)}
          </BarChart></ResponsiveContainer>
        </ChartPanel>
        <Paper withBorder p="sm" component="section" aria-label="Range">
          <Title order={3} size="h5">Range of the moves chart</Title>
          <Group>
            <TextInput type="date" label="From" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
            <TextInput type="date" label="To (exclusive)" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
          </Group>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
