import { releaseQuerySchema, type AssignRequest, type ReleaseQuery } from '@inventory/contracts';
import { assignmentOf } from '../http/resources.js';
import { nullable, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { assignChild, releaseChild } from './handler.js';

export function mountAssignmentRoutes(command: CommandRoute, store: CommandStore): void {
  command<IdParams, object, AssignRequest>('assignChild', async ({ params, body }, context) => {
    const assigned = await assignChild(store, { childId: params.id, parentId: body.parentId, reason: nullable(body.reason) }, context);
    return withToken([assigned], { assignment: assignmentOf(assigned) });
  });
  command<IdParams, ReleaseQuery>('releaseChild', async ({ params, query }, context) => {
    const released = await releaseChild(store, { childId: params.id, reason: nullable(query.reason) }, context);
    return withToken([released], { assignment: assignmentOf(released) });
  }, { query: releaseQuerySchema });
}
