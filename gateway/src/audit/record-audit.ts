import { randomUUID } from 'node:crypto';
import type { AuditEntry, ErrorCode } from '@inventory/contracts';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { toProblem } from '@inventory/platform';
import type { AuditQueue } from './audit-queue.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the matched route says about the call. */
export interface AuditSubject {
  action: string;
  targetId: string | null;
  /** For calls that establish identity themselves (login): who they were made as. */
  actor?: { id: string; username: string };
}

export const setAuditSubject = (res: Response, subject: AuditSubject): void => {
  res.locals.auditSubject = subject;
};

/** The code of the problem a response carries, for the audit record. */
export const setAuditErrorCode = (res: Response, code: ErrorCode): void => {
  res.locals.auditErrorCode = code;
};

/** Notes the code of every error on its way to the platform's error handler. */
export const noteErrorCode: ErrorRequestHandler = (error, _req, res, next) => {
  setAuditErrorCode(res, toProblem(error).code);
  next(error);
};

const outcomeOf = (status: number): AuditEntry['outcome'] =>
  status < 400 ? 'SUCCEEDED' : status === 401 || status === 403 || status === 429 ? 'DENIED' : 'FAILED';

/**
 * Exactly one audit record per state-changing request, whatever happens to it: queued when the
 * response is done ('close' fires once, also when the client goes away mid-way) and written
 * behind it. A request is only served while the queue has room.
 */
export function recordAudit(audit: AuditQueue): RequestHandler {
  return async (req, res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const at = new Date();
    let closed = false;
    res.once('close', () => {
      closed = true;
      const subject = res.locals.auditSubject as AuditSubject | undefined;
      const actor = req.user ?? subject?.actor;
      // 499: the client closed the connection before an answer was sent.
      const status = res.writableFinished ? res.statusCode : 499;
      audit.append({
        _id: randomUUID(),
        at,
        userId: actor?.id ?? null,
        username: actor?.username ?? null,
        action: subject?.action ?? 'unrouted',
        method: req.method,
        path: req.originalUrl.split('?')[0] ?? req.originalUrl,
        targetId: subject?.targetId ?? null,
        outcome: outcomeOf(status),
        status,
        errorCode: (res.locals.auditErrorCode as ErrorCode | undefined) ?? null,
        correlationId: req.correlationId,
        ip: req.ip ?? null,
      });
    });
    await audit.whenRoom();
    // A client that left while the request waited is recorded (499) and not served.
    if (!closed) next();
  };
}
