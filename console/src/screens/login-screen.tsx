import { Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import { session } from '../auth/session';
import { ProblemAlert } from '../ui/problem-alert';

export function LoginScreen() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      session.start(await unwrap(api.POST('/auth/login', { body: { username, password } })));
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center component="main" mih="100vh">
      <Paper component="form" onSubmit={submit} withBorder p="xl" w={360} aria-labelledby="login-title">
        <Stack>
          <Title id="login-title" order={1} size="h2">Inventory console</Title>
          <TextInput label="Username" name="username" autoComplete="username" required withAsterisk={false} value={username} onChange={(event) => setUsername(event.currentTarget.value)} data-autofocus autoFocus />
          <PasswordInput label="Password" name="password" autoComplete="current-password" required withAsterisk={false} value={password} onChange={(event) => setPassword(event.currentTarget.value)} />
          <ProblemAlert problem={problem} title="Could not sign in" />
          <Button type="submit" loading={busy}>Sign in</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
