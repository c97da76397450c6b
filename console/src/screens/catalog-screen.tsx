import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { components } from '../api/schema';
import { may } from '../auth/roles';
import { useUser } from '../auth/use-session';
import { locationTypes } from '../lib/lookups';
import { LocationCodeInput } from '../ui/location-code-input';
import { ManagedRow } from '../ui/managed-row';
import { Pager, usePager } from '../ui/pager';
import { ProblemAlert } from '../ui/problem-alert';
import { useCommand } from '../ui/use-command';
import { useLoad } from '../ui/use-load';

type Location = components['schemas']['Location'];

type LocationType = components['schemas']['LocationType'];
type ItemType = components['schemas']['ItemType'];

interface TypeFormProps<T> {
  /** The type being edited; absent: a new one. */
  type?: T;
  onDone: () => void;
  onCancel?: () => void;
}

const formLabel = (type: { name: string } | undefined, noun: string) => (type ? `Edit ${noun} ${type.name}` : `New ${noun}`);

function FormButtons({ busy, type, onCancel }: { busy: boolean; type: unknown; onCancel?: () => void }) {
  return (
    <>
      <Button type="submit" mt={24} loading={busy}>{type ? 'Save' : 'Add'}</Button>
      {onCancel ? <Button variant="default" mt={24} onClick={onCancel}>Cancel</Button> : null}
    </>
  );
}

/** Creates a location type, or changes one (name, capacity); the API's refusal shows next to the field. */
function LocationTypeForm({ type, onDone, onCancel }: TypeFormProps<LocationType>) {
  const [name, setName] = useState(type?.name ?? '');
  const [capacity, setCapacity] = useState<string | number>(type?.capacity ?? '');
  const command = useCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = { name, capacity: capacity === '' ? null : Number(capacity) };
    void command.run(
      () => unwrap(type ? api.PATCH('/location-types/{id}', { params: { path: { id: type.id } }, body: fields }) : api.POST('/location-types', { body: { ...fields, allowedItemTypeIds: null } })),
      () => { setName(''); setCapacity(''); onDone(); },
    );
  };
  return (
    <form onSubmit={submit} aria-label={formLabel(type, 'location type')}>
      <Group align="start">
        <TextInput label={type ? 'Name' : 'New location type'} value={name} onChange={(event) => setName(event.currentTarget.value)} error={command.fieldErrors.name} />
        <NumberInput label={type ? 'Capacity (empty: unlimited)' : 'Capacity (optional)'} min={0} value={capacity} onChange={setCapacity} error={command.fieldErrors.capacity} />
        <FormButtons busy={command.busy} type={type} onCancel={onCancel} />
      </Group>
      <ProblemAlert problem={command.problem} title={type ? 'Not saved' : undefined} />
    </form>
  );
}

function ItemTypeForm({ type, onDone, onCancel }: TypeFormProps<ItemType>) {
  const [name, setName] = useState(type?.name ?? '');
  const command = useCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void command.run(
      () => unwrap(type ? api.PATCH('/item-types/{id}', { params: { path: { id: type.id } }, body: { name } }) : api.POST('/item-types', { body: { name, attributesSchema: null } })),
      () => { setName(''); onDone(); },
    );
  };
  return (
    <form onSubmit={submit} aria-label={formLabel(type, 'item type')}>
      <Group align="start">
        <TextInput label={type ? 'Name' : 'New item type'} value={name} onChange={(event) => setName(event.currentTarget.value)} error={command.fieldErrors.name} />
        <FormButtons busy={command.busy} type={type} onCancel={onCancel} />
      </Group>
      <ProblemAlert problem={command.problem} title={type ? 'Not saved' : undefined} />
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

interface TypeQuery { limit: number; cursor?: string; name?: string }

/** One kind of type: found by name, 50 a page (never the whole collection), each row managed where the role may. */
function TypePanel<T extends { id: string; name: string }>({ id, title, noun, round, load, headers, rowOf, form }: {
  id: string; title: string; noun: string; round: number;
  load: (query: TypeQuery) => Promise<{ items: T[]; nextCursor: string | null }>;
  headers: string[]; rowOf: (type: T) => React.ReactNode; form: React.ReactNode;
}) {
  const [nameInput, setNameInput] = useState('');
  const [name, setName] = useState('');
  const pager = usePager();
  const { cursor } = pager;
  const list = useLoad(() => load({ limit: 50, ...(cursor ? { cursor } : {}), ...(name ? { name } : {}) }), [round, cursor, name]);
  const find = (event: FormEvent) => {
    event.preventDefault();
    pager.reset();
    setName(nameInput.trim());
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={3} size="h5" id={id}>{title}</Title>
        {form}
        <form onSubmit={find} aria-label={`Find ${noun}s`}>
          <Group align="end">
            <TextInput label={`Find ${noun} by name`} value={nameInput} onChange={(event) => setNameInput(event.currentTarget.value)} />
            <Button type="submit" variant="default">Find</Button>
          </Group>
        </form>
        <ProblemAlert problem={list.problem} />
        {list.data?.items.length === 0 ? <Text c="dimmed">{name ? `No ${noun} is named ${name}.` : `No ${noun}s yet.`}</Text> : (
          <Table>
            <Table.Thead><Table.Tr>{headers.map((header) => <Table.Th key={header}>{header}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>{list.data?.items.map(rowOf)}</Table.Tbody>
          </Table>
        )}
        <Pager pager={pager} nextCursor={list.data?.nextCursor} />
      </Stack>
    </Paper>
  );
}

/** Location types, item types and new locations; creating, changing and deleting them is offered to the roles that may. */
export function CatalogScreen() {
  const user = useUser();
  const roles = user?.roles;
  const [round, setRound] = useState(0);
  const reload = () => setRound((value) => value + 1);
  // The new location's type picker: the first 500 by name, ample for a picker.
  const locationTypeChoices = useLoad(locationTypes, [round]);
  const manageLocationTypes = may(roles, 'updateLocationType') || may(roles, 'deleteLocationType');
  const manageItemTypes = may(roles, 'updateItemType') || may(roles, 'deleteItemType');
  return (
    <Stack>
      <Title order={2}>Types &amp; locations</Title>
      {may(roles, 'createLocation') ? <NewLocation types={(locationTypeChoices.data ?? []).map((type) => ({ value: type.id, label: type.name }))} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TypePanel<LocationType>
          id="location-types" title="Location types" noun="location type" round={round}
          load={(query) => unwrap(api.GET('/location-types', { params: { query } }))}
          headers={['Name', 'Capacity', ...(manageLocationTypes ? ['Actions'] : [])]}
          form={may(roles, 'createLocationType') ? <LocationTypeForm onDone={reload} /> : null}
          rowOf={(type) => (
            <ManagedRow
              key={type.id}
              what={`location type ${type.name}`}
              cells={[type.name, type.capacity ?? 'unlimited']}
              editor={may(roles, 'updateLocationType') ? (close) => <LocationTypeForm type={type} onDone={() => { close(); reload(); }} onCancel={close} /> : undefined}
              remove={may(roles, 'deleteLocationType') ? () => unwrap(api.DELETE('/location-types/{id}', { params: { path: { id: type.id } } })) : undefined}
              onDone={reload}
            />
          )}
        />
        <TypePanel<ItemType>
          id="item-types" title="Item types" noun="item type" round={round}
          load={(query) => unwrap(api.GET('/item-types', { params: { query } }))}
          headers={['Name', ...(manageItemTypes ? ['Actions'] : [])]}
          form={may(roles, 'createItemType') ? <ItemTypeForm onDone={reload} /> : null}
          rowOf={(type) => (
            <ManagedRow
              key={type.id}
              what={`item type ${type.name}`}
              cells={[type.name]}
              editor={may(roles, 'updateItemType') ? (close) => <ItemTypeForm type={type} onDone={() => { close(); reload(); }} onCancel={close} /> : undefined}
              remove={may(roles, 'deleteItemType') ? () => unwrap(api.DELETE('/item-types/{id}', { params: { path: { id: type.id } } })) : undefined}
              onDone={reload}
            />
          )}
        />
      </SimpleGrid>
    </Stack>
  );
}
