import { Alert, Code, Text } from '@mantine/core';
import type { ApiProblem } from '../api/problem';

/** A failed call in plain words, with the problem's code (and correlation id) for support. */
export function ProblemAlert({ problem, title = 'That did not work' }: { problem: ApiProblem | undefined; title?: string }) {
  if (!problem) return null;
  return (
    <Alert color="red" title={title} role="alert">
      <Text size="sm">{problem.message}</Text>
      <Text size="xs" c="dimmed">code <Code>{problem.code}</Code>{problem.problem.correlationId ? <> · request <Code>{problem.problem.correlationId}</Code></> : null}</Text>
    </Alert>
  );
}
