import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { components } from '../api/schema';
import { may } from '../auth/roles';
import { useUser } from '../auth/use-session';
import { itemTypes, locationTypes } from '../lib/lookups';
import { LocationCodeInput } from '../ui/location-code-input';
import { ProblemAlert } from '../ui/problem-alert';
import { useCommand } from '../ui/use-command';
import { useLoad } from '../ui/use-load';

type Location = components['schemas']['Location'];

function NewLocationType({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState<string | number>('');
  const command = useCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void command.run(() => unwrap(api.POST('/location-types', { body: { name, allowedItemTypeIds: null, capacity: capacity === '' ? null : Number(capacity) } })), () => { setName(''); onDone(); });
  };
  return (
    <form onSubmit={submit} aria-label="New location type">
      <Group align="start">
        <TextInput label="New location type" value={name} onChange={(event) => setName(event.currentTarget.value)} error={command.fieldErrors.name} />
        <NumberInput label="Capacity (optional)" min={0} value={capacity} onChange={setCapacity} error={command.fieldErrors.capacity} />
        <Button type="submit" mt={24} loading={command.busy}>Add</Button>
      </Group>
      <ProblemAlert problem={command.problem} />
    </form>
  );
}

function NewItemType({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const command = useCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void command.run(() => unwrap(api.POST('/item-types', { body: { name, attributesSchema: null } })), () => { setName(''); onDone(); });
  };
  return (
    <form onSubmit={submit} aria-label="New item type">
      <Group align="start">
        <TextInput label="New item type" value={name} onChange={(event) => setName(event.currentTarget.value)} error={command.fieldErrors.name} />
        <Button type="submit" mt={24} loading={command.busy}>Add</Button>
      </Group>
      <ProblemAlert problem={command.problem} />
    </form>
  );
}

function NewLocation({ types }: { types: { value: string; label: string }[] }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [typeId, setTypeId] = useState<string | null>(null);
  const [parent, setParent] = useState<Location>();
  const command = useCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!typeId) return;
    void command.run(() => unwrap(api.POST('/locations', { body: { code, name, locationTypeId: typeId, parentLocationId: parent?.id ?? null } })), () => { setCode(''); setName(''); });
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-labelledby="new-location">
      <Title order={3} size="h5" id="new-location">New location</Title>
      <Group align="start">
        <TextInput label="Code" value={code} onChange={(event) => setCode(event.currentTarget.value)} error={command.fieldErrors.code} />
        <TextInput label="Name" value={name} onChange={(event) => setName(event.currentTarget.value)} error={command.fieldErrors.name} />
        <Select label="Location type" data={types} value={typeId} onChange={setTypeId} error={command.fieldErrors.locationTypeId} />
        <LocationCodeInput label="Parent code (empty: a root)" onResolved={setParent} />
        <Button type="submit" mt={24} disabled={!typeId} loading={command.busy}>Create</Button>
      </Group>
      <ProblemAlert problem={command.problem} title="Location not created" />
    </Paper>
  );
}

/** Location types, item types and new locations; managing them is offered to the roles that may. */
export function CatalogScreen() {
  const user = useUser();
  const [round, setRound] = useState(0);
  const reload = () => setRound((value) => value + 1);
  const locationTypeList = useLoad(locationTypes, [round]);
  const itemTypeList = useLoad(itemTypes, [round]);
  return (
    <Stack>
      <Title order={2}>Types &amp; locations</Title>
      {may(user?.roles, 'createLocation') ? <NewLocation types={(locationTypeList.data ?? []).map((type) => ({ value: type.id, label: type.name }))} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="sm" component="section" aria-labelledby="location-types">
          <Title order={3} size="h5" id="location-types">Location types</Title>
          {may(user?.roles, 'createLocationType') ? <NewLocationType onDone={reload} /> : null}
          <ProblemAlert problem={locationTypeList.problem} />
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Capacity</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>{locationTypeList.data?.map((type) => <Table.Tr key={type.id}><Table.Td>{type.name}</Table.Td><Table.Td>{type.capacity ?? 'unlimited'}</Table.Td></Table.Tr>)}</Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="sm" component="section" aria-labelledby="item-types">
          <Title order={3} size="h5" id="item-types">Item types</Title>
          {may(user?.roles, 'createItemType') ? <NewItemType onDone={reload} /> : null}
          <ProblemAlert problem={itemTypeList.problem} />
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>{itemTypeList.data?.map((type) => <Table.Tr key={type.id}><Table.Td>{type.name}</Table.Td></Table.Tr>)}</Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
