import type { CreateLocationTypeRequest, UpdateLocationTypeRequest } from '@inventory/contracts';
import { locationTypeOf } from '../http/resources.js';
import { deleted, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { locationTypeHandlers } from './handler.js';

export function mountLocationTypeRoutes(command: CommandRoute, store: CommandStore): void {
  command<object, object, CreateLocationTypeRequest>('createLocationType', async ({ body }, context) => {
    const { events, document } = await locationTypeHandlers.define(store, body, context);
    return withToken(events, { locationType: locationTypeOf(document) });
  });
  command<IdParams, object, UpdateLocationTypeRequest>('updateLocationType', async ({ params, body }, context) => {
    const { events, document } = await locationTypeHandlers.update(store, { ...body, id: params.id }, context);
    return withToken(events, { locationType: locationTypeOf(document) });
  });
  command<IdParams>('deleteLocationType', ({ params }, context) => deleted(locationTypeHandlers.remove(store, { id: params.id }, context)));
}
