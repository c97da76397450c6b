import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-request-id';

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is a sane token, else a new UUID: it then flows into logs and event headers. */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER] ?? req.headers['x-correlation-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && acceptable.test(value) ? value : randomUUID();
}
