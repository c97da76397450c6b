import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { components } from '../api/schema';

export type Item = components['schemas']['Item'];

/** Items as rows linking to their detail screen; `extra` adds a cell per row. */
export function ItemTable({ items, caption, extra }: { items: Item[]; caption: string; extra?: (item: Item) => React.ReactNode }) {
  if (items.length === 0) return <Text c="dimmed">Nothing here.</Text>;
  return (
    <Table striped highlightOnHover>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Serial</Table.Th><Table.Th>Barcode</Table.Th><Table.Th>Kind</Table.Th>{extra ? <Table.Th>Via</Table.Th> : null}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.id}>
            <Table.Td><Anchor component={Link} to={`/items/${item.id}`}>{item.name}</Anchor></Table.Td>
            <Table.Td>{item.serialNumber ?? '—'}</Table.Td>
            <Table.Td>{item.barcode ?? '—'}</Table.Td>
            <Table.Td>{item.kind}</Table.Td>
            {extra ? <Table.Td>{extra(item)}</Table.Td> : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
