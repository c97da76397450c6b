import type { CreateLocationTypeRequest, UpdateLocationTypeRequest } from '@inventory/contracts';
import { locationTypeOf } from '../http/resources.js';
import { deleted, withToken, type IdParams } from '../http/responses.js';
import type { CommandRoute } from '../http/command-route.js';
import type { LocationTypeState } from '../domain/state.js';
import type { Ran } from '../store/command-handler.js';
import type { LocationTypeDocument } from '../store/documents.js';
import type { CommandStore } from '../store/store.js';
import { locationTypeHandlers } from './handler.js';

export function mountLocationTypeRoutes(command: CommandRoute, store: CommandStore): void {
  const answer = ({ events, document }: Ran<LocationTypeState, LocationTypeDocument>) => withToken(events, { locationType: locationTypeOf(document) });
  command.single<object, object, CreateLocationTypeRequest, LocationTypeState, LocationTypeDocument>('createLocationType', ({ body }, context) => locationTypeHandlers.define(store, body, context), answer);
  command.single<IdParams, object, UpdateLocationTypeRequest, LocationTypeState, LocationTypeDocument>('updateLocationType', ({ params, body }, context) => locationTypeHandlers.update(store, { ...body, id: params.id }, context), answer);
  command.single<IdParams, Record<string, never>, undefined, LocationTypeState, LocationTypeDocument>('deleteLocationType', ({ params }, context) => locationTypeHandlers.remove(store, { id: params.id }, context), deleted);
}
