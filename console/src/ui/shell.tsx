import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../api/client';
import { may } from '../auth/roles';
import { session, type User } from '../auth/session';
import { NAV } from './nav';

async function signOut() {
  const refreshToken = session.refreshToken();
  if (refreshToken) await api.POST('/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  session.end();
}

export function Shell({ user, children }: { user: User; children: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const here = useLocation().pathname;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">Inventory</Title>
          </Group>
          <Group>
            <Text size="sm" data-testid="signed-in-as">{user.username} · {user.roles.join(', ')}</Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" className="no-print" component="nav" aria-label="Main">
        {NAV.filter((entry) => may(user.roles, entry.operation)).map((entry) => (
          <NavLink key={entry.path} component={Link} to={entry.path} label={entry.label} active={here.startsWith(entry.path)} variant="filled" />
        ))}
      </AppShell.Navbar>
      <AppShell.Main component="main">{children}</AppShell.Main>
    </AppShell>
  );
}
