import { releaseQuerySchema, type AssignRequest, type ChildAssigned, type ChildReleased, type InventoryEvent, type ReleaseQuery } from '@inventory/contracts';
import { assignmentOf } from '../http/resources.js';
import { nullable, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { ItemState } from '../domain/state.js';
import type { ItemDocument } from '../store/documents.js';
import type { CommandStore } from '../store/store.js';
import { assignChild, releaseChild } from './handler.js';

export function mountAssignmentRoutes(command: CommandRoute, store: CommandStore): void {
  const answer = ({ events }: { events: InventoryEvent[] }) => withToken(events, { assignment: assignmentOf(events[0] as ChildAssigned | ChildReleased) });
  command.single<IdParams, object, AssignRequest, ItemState, ItemDocument>('assignChild',
    ({ params, body }, context) => assignChild(store, { childId: params.id, parentId: body.parentId, reason: nullable(body.reason) }, context), answer);
  command.single<IdParams, ReleaseQuery, undefined, ItemState, ItemDocument>('releaseChild',
    ({ params, query }, context) => releaseChild(store, { childId: params.id, reason: nullable(query.reason) }, context), answer, { query: releaseQuerySchema });
}
