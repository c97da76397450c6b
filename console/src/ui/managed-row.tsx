import { Button, Group, Table } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { DeleteAction } from './delete-action';

export interface RowManagement {
  /** The edit form, told how to close itself; absent: the role may not edit. */
  editor?: (close: () => void) => ReactNode;
  /** Absent: the role may not delete. */
  remove?: () => Promise<unknown>;
  onDone: () => void;
}

/** A table row with Edit and Delete where the role may; editing replaces the row's cells with the form. */
export function ManagedRow({ what, cells, editor, remove, onDone }: RowManagement & { what: string; cells: ReactNode[] }) {
  const [editing, setEditing] = useState(false);
  const managed = editor !== undefined || remove !== undefined;
  if (editing && editor) {
    return <Table.Tr><Table.Td colSpan={cells.length + 1}>{editor(() => setEditing(false))}</Table.Td></Table.Tr>;
  }
  return (
    <Table.Tr>
      {cells.map((cell, index) => <Table.Td key={index}>{cell}</Table.Td>)}
      {managed ? (
        <Table.Td>
          <Group gap="xs" align="start">
            {editor ? <Button size="xs" variant="default" onClick={() => setEditing(true)} aria-label={`Edit ${what}`}>Edit</Button> : null}
            {remove ? <DeleteAction what={what} remove={remove} onDone={onDone} /> : null}
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
