import { idempotencyKeySchema, type RouteContract } from '@inventory/contracts';
import { z } from 'zod';

/** Headers the gateway checks itself; the rest are the services' business (e.g. Consistency-Token). */
export const headerSchemaFor = (route: RouteContract): z.ZodType | undefined =>
  route.command ? z.object({ 'idempotency-key': idempotencyKeySchema.optional() }) : undefined;
