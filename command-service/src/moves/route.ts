import type { BulkMoveRequest, MoveRequest } from '@inventory/contracts';
import { bulkMove } from '../http/bulk.js';
import { moveOf } from '../http/resources.js';
import { nullable, withToken } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { MoveBatcher } from './batcher.js';

/** Single moves go through the group commit (batcher.ts); bulk moves in rounds of their own. */
export function mountMoveRoutes(command: CommandRoute, store: CommandStore): void {
  const moves = new MoveBatcher(store);
  command<object, object, MoveRequest>('moveItem', async ({ body }, context) => {
    const moved = await moves.move({ ...body, reason: nullable(body.reason) }, context);
    return withToken([moved], { move: moveOf(moved) });
  });
  command<object, object, BulkMoveRequest>('moveItemsInBulk', ({ body }, context) => bulkMove(store, body.moves, context));
}
