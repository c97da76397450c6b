import { Button, Group, Loader, Select, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, fetchFile } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import type { operations } from '../api/schema';
import { download } from '../lib/csv';
import { itemTypes } from '../lib/lookups';
import { ItemTable } from '../ui/item-table';
import { LocationCodeInput } from '../ui/location-code-input';
import { Pager, usePager } from '../ui/pager';
import { ProblemAlert } from '../ui/problem-alert';
import { useLoad } from '../ui/use-load';

type Filters = NonNullable<operations['listItems']['parameters']['query']>;

/** Item search by serial, barcode, type and location, a page at a time, and CSV export of the matches. */
export function ItemsScreen() {
  const [serial, setSerial] = useState('');
  const [barcode, setBarcode] = useState('');
  const [itemType, setItemType] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string>();
  const [filters, setFilters] = useState<Filters>({});
  const pager = usePager();
  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<ApiProblem>();
  const types = useLoad(itemTypes, []);
  const { cursor } = pager;
  const page = useLoad(() => unwrap(api.GET('/items', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })), [filters, cursor]);

  function search(event: FormEvent) {
    event.preventDefault();
    pager.reset();
    setFilters({
      ...(serial.trim() ? { serial: serial.trim() } : {}),
      ...(barcode.trim() ? { barcode: barcode.trim() } : {}),
      ...(itemType ? { itemType } : {}),
      ...(locationId ? { location: locationId } : {}),
    });
  }

  /** Every match as one CSV file, streamed by the API's export (GET /items, Accept: text/csv) with the search's filters. */
  async function exportCsv() {
    setExportProblem(undefined);
    setExporting(true);
    try {
      download('items.csv', await fetchFile(`/items?${new URLSearchParams(filters as Record<string, string>)}`, 'text/csv'));
    } catch (error) {
      setExportProblem(problemOf(error));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Stack>
      <Title order={2}>Items</Title>
      <form onSubmit={search} aria-label="Search items">
        <Group align="end">
          <TextInput label="Serial number" value={serial} onChange={(event) => setSerial(event.currentTarget.value)} />
          <TextInput label="Barcode" value={barcode} onChange={(event) => setBarcode(event.currentTarget.value)} />
          <Select label="Item type" clearable searchable value={itemType} onChange={setItemType} data={(types.data ?? []).map((type) => ({ value: type.id, label: type.name }))} />
          <LocationCodeInput label="Location code" onResolved={(location) => setLocationId(location?.id)} />
          <Button type="submit">Search</Button>
          <Button variant="default" onClick={() => void exportCsv()} loading={exporting}>Export CSV</Button>
        </Group>
      </form>
      <ProblemAlert problem={exportProblem} title="Not exported" />
      <ProblemAlert problem={page.problem} />
      {page.loading ? <Loader size="sm" aria-label="Loading items" /> : null}
      {page.data ? <ItemTable items={page.data.items} caption={`Page ${pager.page}`} /> : null}
      <Pager pager={pager} nextCursor={page.data?.nextCursor} />
    </Stack>
  );
}
