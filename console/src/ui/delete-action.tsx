import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from './problem-alert';
import { useCommand } from './use-command';

/** Dark enough for white text at 4.5:1 (Mantine's red.6 is not). */
const DANGER = '#a61e1e';

/**
 * A delete in two steps (Delete, then the confirmation), with the API's refusal (say HAS_DEPENDANTS:
 * still in use) shown next to it in plain words, its code for support.
 */
export function DeleteAction({ what, remove, onDone }: { what: string; remove: () => Promise<unknown>; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const command = useCommand();
  if (!asking) return <Button size="xs" variant="default" onClick={() => setAsking(true)} aria-label={`Delete ${what}`}>Delete</Button>;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm">Delete {what}?</Text>
        <Button size="xs" color={DANGER} loading={command.busy} onClick={() => void command.run(remove, onDone)}>Yes, delete</Button>
        <Button size="xs" variant="default" onClick={() => setAsking(false)}>Cancel</Button>
      </Group>
      <ProblemAlert problem={command.problem} title={`${what.charAt(0).toUpperCase()}${what.slice(1)} not deleted`} />
    </Stack>
  );
}
