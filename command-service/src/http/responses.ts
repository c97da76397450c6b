import { encodeConsistencyToken, type InventoryEvent } from '@inventory/contracts';

/** What every accepted command answers: its events, the aggregate's new version, and where to wait for it. */
export interface CommandResponse {
  eventIds: string[];
  aggregateId: string;
  version: number;
  consistencyToken: string;
}

export function commandResponse(events: readonly InventoryEvent[]): CommandResponse {
  const last = events.at(-1)!.metadata;
  return {
    eventIds: events.map((event) => event.metadata.eventId),
    aggregateId: last.aggregateId,
    version: last.aggregateVersion,
    consistencyToken: encodeConsistencyToken(events.map(({ metadata }) => metadata)),
  };
}
