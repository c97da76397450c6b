import { Button, Group, Paper, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { components } from '../api/schema';
import { may } from '../auth/roles';
import { useUser } from '../auth/use-session';
import { DeleteAction } from '../ui/delete-action';
import { LocationCodeInput } from '../ui/location-code-input';
import { ProblemAlert } from '../ui/problem-alert';
import { useCommand } from '../ui/use-command';

type Location = components['schemas']['Location'];

function EditLocation({ location, onSaved }: { location: Location; onSaved: () => void }) {
  const [code, setCode] = useState(location.code);
  const [name, setName] = useState(location.name);
  const [active, setActive] = useState(location.active);
  const [parent, setParent] = useState<Location>();
  const command = useCommand();
  const save = (event: FormEvent) => {
    event.preventDefault();
    const body = { code, name, active, ...(parent ? { parentLocationId: parent.id } : {}) };
    void command.run(() => unwrap(api.PATCH('/locations/{id}', { params: { path: { id: location.id } }, body })), onSaved);
  };
  return (
    <form onSubmit={save} aria-label={`Edit location ${location.code}`}>
      <Group align="start">
        <TextInput label="Code" value={code} onChange={(event) => setCode(event.currentTarget.value)} error={command.fieldErrors.code} />
        <TextInput label="Name" value={name} onChange={(event) => setName(event.currentTarget.value)} error={command.fieldErrors.name} />
        <LocationCodeInput label="New parent code (empty: unchanged)" onResolved={setParent} error={command.fieldErrors.parentLocationId} />
        <Switch label="Active" mt={30} checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />
        <Button type="submit" mt={24} loading={command.busy}>Save</Button>
      </Group>
      <ProblemAlert problem={command.problem} title="Location not saved" />
    </form>
  );
}

/** Changing and deleting a location, offered to the roles that may; the API's refusals show next to the action. */
export function LocationManagement({ location, onSaved, onDeleted }: { location: Location; onSaved: () => void; onDeleted: () => void }) {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const canEdit = may(user?.roles, 'updateLocation');
  const canDelete = may(user?.roles, 'deleteLocation');
  if (!canEdit && !canDelete) return null;
  if (!open) return <Group><Button variant="default" size="xs" onClick={() => setOpen(true)}>Manage location</Button></Group>;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="manage-location">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5" id="manage-location">Manage location</Title>
          <Button variant="default" size="xs" onClick={() => setOpen(false)}>Close</Button>
        </Group>
        {canEdit ? <EditLocation key={location.version} location={location} onSaved={onSaved} /> : null}
        {canDelete ? <DeleteAction what={`location ${location.code}`} remove={() => unwrap(api.DELETE('/locations/{id}', { params: { path: { id: location.id } } }))} onDone={onDeleted} /> : null}
      </Stack>
    </Paper>
  );
}
