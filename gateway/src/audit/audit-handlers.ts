import { ProblemError, type AuditQuery } from '@inventory/contracts';
import type { LocalHandler } from '../routes/local-handler.js';
import { toAuditEntry, type AuditLog } from './audit-log.js';
import type { AuditQueue } from './audit-queue.js';

export const auditHandlers = (audit: AuditLog, queue: AuditQueue): Record<string, LocalHandler> => ({
  listAuditEntries: async ({ query }) => {
    // Records are written behind the responses: an admin sees every call answered before this one.
    await queue.flushed();
    const page = await audit.find(query as AuditQuery);
    if (!page) throw new ProblemError('VALIDATION_FAILED', 'not a cursor this API issued', { errors: [{ in: 'query', pointer: '/cursor', detail: 'unknown cursor' }] });
    return { status: 200, body: { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor } };
  },
});
