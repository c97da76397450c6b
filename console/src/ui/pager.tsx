import { Button, Group } from '@mantine/core';
import { useState } from 'react';

export type PagerState = ReturnType<typeof usePager>;

/** Cursor paging state: the current page's cursor and the way back. */
export function usePager() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    reset: () => setCursors([]),
    back: cursors.length > 0 ? () => setCursors(cursors.slice(0, -1)) : undefined,
    forward: (nextCursor: string) => setCursors([...cursors, nextCursor]),
  };
}

/** Previous/Next buttons, given the current page's nextCursor. */
export function Pager({ pager, nextCursor }: { pager: PagerState; nextCursor: string | null | undefined }) {
  return (
    <Group>
      {pager.back ? <Button variant="default" onClick={pager.back}>Previous page</Button> : null}
      {nextCursor ? <Button variant="default" onClick={() => pager.forward(nextCursor)}>Next page</Button> : null}
    </Group>
  );
}
