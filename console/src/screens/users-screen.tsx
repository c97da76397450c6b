import { Button, Group, MultiSelect, Paper, PasswordInput, Stack, Switch, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { components } from '../api/schema';
import { Pager, usePager } from '../ui/pager';
import { ProblemAlert } from '../ui/problem-alert';
import { useCommand } from '../ui/use-command';
import { useLoad } from '../ui/use-load';

type Role = components['schemas']['Role'];
type User = components['schemas']['User'];
const ROLES: Role[] = ['admin', 'manager', 'operator', 'analyst', 'viewer'];

function CreateUser({ onDone }: { onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>(['viewer']);
  const command = useCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void command.run(() => unwrap(api.POST('/users', { body: { username, email, password, roles: roles as Role[] } })), () => {
      setUsername(''); setEmail(''); setPassword(''); onDone();
    });
  };
  const errors = command.fieldErrors;
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-labelledby="new-user">
      <Title order={3} size="h5" id="new-user">New user</Title>
      <Group align="start">
        <TextInput label="Username" value={username} onChange={(event) => setUsername(event.currentTarget.value)} error={errors.username} />
        <TextInput label="Email" type="email" value={email} onChange={(event) => setEmail(event.currentTarget.value)} error={errors.email} />
        <PasswordInput label="Password (12+ characters)" value={password} onChange={(event) => setPassword(event.currentTarget.value)} error={errors.password} />
        <MultiSelect label="Roles" data={ROLES} value={roles} onChange={setRoles} error={errors.roles} />
        <Button type="submit" mt={24} loading={command.busy}>Create</Button>
      </Group>
      <ProblemAlert problem={command.problem} title="User not created" />
    </Paper>
  );
}

function UserRow({ user, onDone }: { user: User; onDone: () => void }) {
  const [roles, setRoles] = useState<string[]>(user.roles);
  const command = useCommand();
  return (
    <Table.Tr>
      <Table.Td>{user.username}</Table.Td>
      <Table.Td>{user.email}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <MultiSelect aria-label={`Roles of ${user.username}`} data={ROLES} value={roles} onChange={setRoles} />
          {roles.join() !== user.roles.join() ? (
            <Button size="xs" loading={command.busy} onClick={() => void command.run(() => unwrap(api.PUT('/users/{id}/roles', { params: { path: { id: user.id } }, body: { roles: roles as Role[] } })), onDone)}>Save</Button>
          ) : null}
        </Group>
        <ProblemAlert problem={command.problem} />
      </Table.Td>
      <Table.Td>
        <Switch aria-label={`${user.username} enabled`} checked={!user.disabled}
          onChange={(event) => void command.run(() => unwrap(api.PATCH('/users/{id}', { params: { path: { id: user.id } }, body: { disabled: !event.currentTarget.checked } })), onDone)} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Users for admins: create, change roles, disable or enable. */
export function UsersScreen() {
  const [round, setRound] = useState(0);
  const pager = usePager();
  const { cursor } = pager;
  const users = useLoad(() => unwrap(api.GET('/users', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })), [round, cursor]);
  const reload = () => setRound((value) => value + 1);
  return (
    <Stack>
      <Title order={2}>Users</Title>
      <CreateUser onDone={reload} />
      <ProblemAlert problem={users.problem} />
      <Table>
        <Table.Thead><Table.Tr><Table.Th>Username</Table.Th><Table.Th>Email</Table.Th><Table.Th>Roles</Table.Th><Table.Th>Enabled</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>{users.data?.items.map((user) => <UserRow key={`${user.id}-${user.updatedAt}`} user={user} onDone={reload} />)}</Table.Tbody>
      </Table>
      <Pager pager={pager} nextCursor={users.data?.nextCursor} />
    </Stack>
  );
}
