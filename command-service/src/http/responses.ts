import { encodeConsistencyToken, type InventoryEvent } from '@inventory/contracts';

/** Every accepted command answers with its resource and the position of its events, to wait for on the read side. */
export const withToken = <T extends object>(events: readonly InventoryEvent[], body: T): T & { consistencyToken: string } =>
  ({ ...body, consistencyToken: encodeConsistencyToken(events.map(({ metadata }) => metadata)) });
