import type { CreateLocationRequest, UpdateLocationRequest } from '@inventory/contracts';
import { locationOf } from '../http/resources.js';
import { deleted, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { CommandStore } from '../store/store.js';
import { createLocation, deleteLocation, updateLocation } from './handler.js';

export function mountLocationRoutes(command: CommandRoute, store: CommandStore): void {
  command<object, object, CreateLocationRequest>('createLocation', async ({ body }, context) => {
    const { events, document } = await createLocation(store, body, context);
    return withToken(events, { location: locationOf(document) });
  });
  command<IdParams, object, UpdateLocationRequest>('updateLocation', async ({ params, body }, context) => {
    const { events, document } = await updateLocation(store, { ...body, locationId: params.id }, context);
    return withToken(events, { location: locationOf(document) });
  });
  command<IdParams>('deleteLocation', ({ params }, context) => deleted(deleteLocation(store, { locationId: params.id }, context)));
}
