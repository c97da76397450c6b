import type { CreateLocationRequest, UpdateLocationRequest } from '@inventory/contracts';
import { locationOf } from '../http/resources.js';
import { deleted, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { LocationState } from '../domain/state.js';
import type { Ran } from '../store/command-handler.js';
import type { LocationDocument } from '../store/documents.js';
import type { CommandStore } from '../store/store.js';
import { createLocation, deleteLocation, updateLocation } from './handler.js';

export function mountLocationRoutes(command: CommandRoute, store: CommandStore): void {
  const answer = ({ events, document }: Ran<LocationState, LocationDocument>) => withToken(events, { location: locationOf(document) });
  command.single<object, object, CreateLocationRequest, LocationState, LocationDocument>('createLocation', ({ body }, context) => createLocation(store, body, context), answer);
  command.single<IdParams, object, UpdateLocationRequest, LocationState, LocationDocument>('updateLocation', ({ params, body }, context) => updateLocation(store, { ...body, locationId: params.id }, context), answer);
  command.single<IdParams, Record<string, never>, undefined, LocationState, LocationDocument>('deleteLocation', ({ params }, context) => deleteLocation(store, { locationId: params.id }, context), deleted);
}
