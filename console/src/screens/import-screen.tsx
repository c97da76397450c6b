import { Alert, Button, Code, FileInput, Group, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { api, rememberConsistencyToken } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import { chunks } from '../lib/chunks';
import { checkRow, guessMapping, IMPORT_FIELDS, locationCodes, type CheckedRow, type ColumnMapping, type CreateItem } from '../lib/import-rows';
import { itemTypes, locationByCode } from '../lib/lookups';
import { ProblemAlert } from '../ui/problem-alert';
import { useLoad } from '../ui/use-load';

type Row = Record<string, string | undefined>;
interface RowResult { line: number; registered: boolean; message?: string; code?: string }

/**
 * CSV import of items: map columns, preview, see each row's errors with its line number, then
 * register the valid rows through POST /items/bulk, 500 a request, with progress and per-row outcomes.
 * Rows with errors are never sent, and the screen says so before anything is registered.
 */
export function ImportScreen() {
  const [file, setFile] = useState<File | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [headers, setHeaders] = useState<string[]>([]);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [defaultKind, setDefaultKind] = useState<'PARENT' | 'CHILD'>('CHILD');
  const [locationIds, setLocationIds] = useState<Map<string, string>>(new Map());
  const [checking, setChecking] = useState(false);
  const [sent, setSent] = useState<number>();
  const [results, setResults] = useState<RowResult[]>();
  const [problem, setProblem] = useState<ApiProblem>();
  const types = useLoad(itemTypes, []);
  const itemTypeIds = useMemo(() => new Map((types.data ?? []).flatMap((type) => [[type.name.toLowerCase(), type.id], [type.id, type.id]] as const)), [types.data]);

  function load(chosen: File | null) {
    setFile(chosen); setResults(undefined); setProblem(undefined); setRows([]); setLocationIds(new Map());
    if (!chosen) return;
    Papa.parse<Row>(chosen, {
      header: true,
      skipEmptyLines: 'greedy',
      complete: (parsed) => {
        const fields = parsed.meta.fields ?? [];
        setHeaders(fields);
        setRows(parsed.data);
        setMapping(guessMapping(fields));
      },
    });
  }

  /** Looks up each location code of the file once, so the preview can say which do not exist. */
  async function checkLocations() {
    setChecking(true);
    try {
      const found = new Map<string, string>();
      for (const code of locationCodes(rows, mapping)) {
        const location = await locationByCode(code);
        if (location) found.set(code, location.id);
      }
      setLocationIds(found);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setChecking(false);
    }
  }

  const checked: CheckedRow[] = useMemo(() => rows.map((row, index) => checkRow(row, index, mapping, { itemTypeIds, locationIds, defaultKind })), [rows, mapping, itemTypeIds, locationIds, defaultKind]);
  const valid = checked.filter((row): row is CheckedRow & { request: CreateItem } => row.request !== undefined);
  const invalid = checked.filter((row) => row.errors.length > 0);
  const locationsChecked = locationIds.size > 0 || locationCodes(rows, mapping).length === 0;

  async function importRows() {
    setProblem(undefined);
    setSent(0);
    const outcome: RowResult[] = [];
    try {
      for (const batch of chunks(valid)) {
        const answer = await unwrap(api.POST('/items/bulk', { body: { items: batch.map((row) => row.request) } }));
        rememberConsistencyToken(answer.consistencyToken);
        for (const result of answer.results) {
          const line = batch[result.index]!.line;
          outcome.push(result.outcome === 'REGISTERED' ? { line, registered: true } : { line, registered: false, message: result.problem.detail ?? result.problem.title, code: result.problem.code });
        }
        setSent(outcome.length);
      }
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setResults(outcome);
      setSent(undefined);
    }
  }

  const registered = results?.filter((result) => result.registered).length ?? 0;
  const rejected = results?.filter((result) => !result.registered) ?? [];
  const columnChoices = headers.map((header) => ({ value: header, label: header }));

  return (
    <Stack>
      <Title order={2}>Import items from CSV</Title>
      <FileInput label="CSV file (first line: column names)" accept=".csv,text/csv" value={file} onChange={load} clearable clearButtonProps={{ 'aria-label': 'Remove the file' }} placeholder="Choose a file" />
      {rows.length > 0 ? (
        <>
          <Text>{rows.length} rows read.</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} component="fieldset" aria-label="Column mapping">
            {IMPORT_FIELDS.map(({ field, label, required }) => (
              <Select key={field} label={label} required={required} withAsterisk={false} clearable data={columnChoices}
                value={mapping[field] ?? null} onChange={(value) => { setMapping({ ...mapping, [field]: value ?? undefined }); setLocationIds(new Map()); }} />
            ))}
            <Select label="Kind when the column is empty" data={['CHILD', 'PARENT']} value={defaultKind} onChange={(value) => setDefaultKind(value === 'PARENT' ? 'PARENT' : 'CHILD')} allowDeselect={false} />
          </SimpleGrid>
          <Group>
            <Button onClick={() => void checkLocations()} loading={checking} variant={locationsChecked ? 'default' : 'filled'}>Check rows</Button>
            <Button onClick={() => void importRows()} disabled={!locationsChecked || valid.length === 0 || sent !== undefined || results !== undefined} loading={sent !== undefined}>
              Import {valid.length} valid row{valid.length === 1 ? '' : 's'}
            </Button>
          </Group>
          {locationsChecked && invalid.length > 0 ? (
            <Alert color="yellow" title={`${invalid.length} row${invalid.length === 1 ? ' has' : 's have'} errors and will not be imported`}>
              <Table>
                <Table.Thead><Table.Tr><Table.Th>Line</Table.Th><Table.Th>Errors</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {invalid.slice(0, 100).map((row) => <Table.Tr key={row.line}><Table.Td>{row.line}</Table.Td><Table.Td>{row.errors.join('; ')}</Table.Td></Table.Tr>)}
                </Table.Tbody>
              </Table>
              {invalid.length > 100 ? <Text size="sm">…and {invalid.length - 100} more.</Text> : null}
            </Alert>
          ) : null}
          <Table aria-label="Preview">
            <Table.Caption>Preview of the first rows as they will be registered</Table.Caption>
            <Table.Thead><Table.Tr><Table.Th>Line</Table.Th><Table.Th>Name</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Serial</Table.Th><Table.Th>Barcode</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {checked.slice(0, 10).map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>{row.request?.name ?? rows[row.line - 2]?.[mapping.name ?? ''] ?? ''}</Table.Td>
                  <Table.Td>{row.request?.kind ?? ''}</Table.Td>
                  <Table.Td>{row.request?.serialNumber ?? ''}</Table.Td>
                  <Table.Td>{row.request?.barcode ?? ''}</Table.Td>
                  <Table.Td>{row.errors.length > 0 ? row.errors.join('; ') : 'ready'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
      {sent !== undefined ? <Progress value={(sent / Math.max(valid.length, 1)) * 100} aria-label={`Registered ${sent} of ${valid.length}`} /> : null}
      <ProblemAlert problem={problem} title={results && results.length < valid.length ? `Stopped after ${results.length} of ${valid.length} rows: the rest were not sent` : undefined} />
      {results ? (
        <Alert color={rejected.length === 0 ? 'green' : 'yellow'} title={`${registered} registered, ${rejected.length} rejected`} role="status">
          {rejected.slice(0, 100).map((result) => <Text key={result.line} size="sm">line {result.line}: {result.message} <Code>{result.code}</Code></Text>)}
        </Alert>
      ) : null}
    </Stack>
  );
}
