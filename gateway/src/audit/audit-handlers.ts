import { ProblemError, type AuditQuery } from '@inventory/contracts';
import type { LocalHandler } from '../routes/local-handler.js';
import { toAuditEntry, type AuditLog } from './audit-log.js';

export const auditHandlers = (audit: AuditLog): Record<string, LocalHandler> => ({
  listAuditEntries: async ({ query }) => {
    const page = await audit.find(query as AuditQuery);
    if (!page) throw new ProblemError('VALIDATION_FAILED', 'not a cursor this API issued', { errors: [{ in: 'query', pointer: '/cursor', detail: 'unknown cursor' }] });
    return { status: 200, body: { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor } };
  },
});
