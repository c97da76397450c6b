import { encodeConsistencyToken, type AggregatePosition, type InventoryEvent } from '@inventory/contracts';

/** Every accepted command answers with its resource and the position of its events, to wait for on the read side. */
export const withToken = <T extends object>(events: readonly InventoryEvent[], body: T): T & { consistencyToken: string } =>
  ({ ...body, consistencyToken: tokenOf(events.map(({ metadata }) => metadata)) });

/** The token naming what the read side must have applied. */
export const tokenOf = (positions: readonly AggregatePosition[]): string => encodeConsistencyToken(positions);

/** A delete answers with just the token. */
export const deleted = ({ events }: { events: readonly InventoryEvent[] }) => withToken(events, {});

/** An optional field the events carry as null. */
export const nullable = <T>(value: T | undefined): T | null => value ?? null;

/** Routes that take a resource id in the path. */
export type IdParams = { id: string };
