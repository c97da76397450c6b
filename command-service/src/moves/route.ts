import type { BulkMoveRequest, ItemMoved, MoveRequest } from '@inventory/contracts';
import { bulkMove } from '../http/bulk.js';
import { moveOf } from '../http/resources.js';
import { nullable, tokenOf } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { ItemState } from '../domain/state.js';
import type { ItemDocument } from '../store/documents.js';
import type { CommandStore } from '../store/store.js';
import { MoveBatcher } from './batcher.js';
import { movePositions, type Moved } from './handler.js';

/** A move's answer: the move and its token. */
export const moveAnswer = (moved: Moved) => ({ move: moveOf(moved.events[0] as ItemMoved), consistencyToken: tokenOf(movePositions(moved)) });

/** Single moves go through the group commit (batcher.ts); bulk moves in rounds of their own. */
export function mountMoveRoutes(command: CommandRoute, store: CommandStore): void {
  const moves = new MoveBatcher(store);
  command.single<object, object, MoveRequest, ItemState, ItemDocument>('moveItem', ({ body }, context) => moves.move({ ...body, reason: nullable(body.reason) }, context), moveAnswer);
  command.bulk<object, object, BulkMoveRequest>('moveItemsInBulk', ({ body }, context) => bulkMove(store, body.moves, context));
}
