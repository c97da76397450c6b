import { PROBLEM_CONTENT_TYPE, ProblemError, problemDetailsSchema, type ErrorCode } from '@inventory/contracts';
import { CORRELATION_HEADER, internalAuthHeaders, type Logger } from '@inventory/platform';
import type { Request, RequestHandler, Response } from 'express';
import type { Dispatcher, Pool } from 'undici';
import { setAuditErrorCode } from '../audit/record-audit.js';

/**
 * Client headers a service may need. The client's Authorization stays here: the gateway sends its
 * own (the internal token), and services trust the actor headers only behind that proof.
 */
const FORWARDED_REQUEST_HEADERS = ['accept', 'idempotency-key', 'consistency-token'] as const;
/** Service headers the client may need. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-disposition', 'location', 'etag', 'cache-control', 'consistency-token'] as const;

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function upstreamHeaders(req: Request, internalAuthToken: string): Record<string, string> {
  const headers: Record<string, string> = { [CORRELATION_HEADER]: req.correlationId, ...internalAuthHeaders(internalAuthToken) };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (req.user) {
    headers['x-actor-id'] = req.user.id;
    headers['x-actor-roles'] = req.user.roles.join(',');
  }
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

function copyResponseHeaders(from: Dispatcher.ResponseData['headers'], to: Response): void {
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = from[name];
    if (value !== undefined) to.setHeader(name, value);
  }
}

function problemCodeOf(text: string): ErrorCode | undefined {
  try {
    return problemDetailsSchema.safeParse(JSON.parse(text)).data?.code;
  } catch {
    return undefined;
  }
}

const isProblem = (headers: Dispatcher.ResponseData['headers']): boolean => String(headers['content-type'] ?? '').startsWith(PROBLEM_CONTENT_TYPE);

/**
 * Sends the (already validated) request to `pool` under the same path and query, and streams the
 * answer back. The service's problem+json errors pass through unchanged, except its refusal of the
 * gateway itself (a misconfigured internal token); that, anything else that is not a success, and
 * any transport failure, becomes UPSTREAM_UNAVAILABLE or UPSTREAM_TIMEOUT.
 */
export function forwardTo(pool: Pool, { timeoutMs, internalAuthToken }: { timeoutMs: number; internalAuthToken: string }, logger: Logger): RequestHandler {
  return async (req, res) => {
    let answer: Dispatcher.ResponseData;
    try {
      answer = await pool.request({
        method: req.method as Dispatcher.HttpMethod,
        path: req.originalUrl,
        headers: upstreamHeaders(req, internalAuthToken),
        body: req.body === undefined ? null : JSON.stringify(req.body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (TIMEOUTS.has(code)) throw new ProblemError('UPSTREAM_TIMEOUT', `no answer within ${timeoutMs} ms`);
      throw new ProblemError('UPSTREAM_UNAVAILABLE', code || undefined);
    }
    if (answer.statusCode >= 400) {
      if (!isProblem(answer.headers)) {
        await answer.body.dump();
        throw new ProblemError('UPSTREAM_UNAVAILABLE', `the service answered ${answer.statusCode} without a problem document`);
      }
      // Passed through byte for byte once it is known to be the envelope (its code goes to the audit record).
      const text = await answer.body.text();
      const code = problemCodeOf(text);
      if (!code) throw new ProblemError('UPSTREAM_UNAVAILABLE', `the service answered ${answer.statusCode} with an invalid problem document`);
      if (code === 'INTERNAL_AUTH_REQUIRED') {
        // The gateway's INTERNAL_AUTH_TOKEN is not the service's: an operator's fault, not the client's (no 401 to it).
        logger.error({ correlationId: req.correlationId }, 'a service refused the gateway: INTERNAL_AUTH_TOKEN differs between gateway and service');
        throw new ProblemError('UPSTREAM_UNAVAILABLE', 'the service refused the gateway');
      }
      setAuditErrorCode(res, code);
      res.status(answer.statusCode).type(PROBLEM_CONTENT_TYPE).send(text);
      return;
    }
    res.status(answer.statusCode);
    copyResponseHeaders(answer.headers, res);
    await relayBody(answer.body, res, (error) => logger.warn({ err: error, correlationId: req.correlationId }, 'upstream body interrupted'));
  };
}

/**
 * Streams the service's body to the client. Past this point the status is sent: a failure mid-body
 * can only cut the connection. Not stream.pipeline: it builds and aborts an AbortController per
 * call, and the DOMException that makes (with its stack) was a measurable part of a proxied request.
 */
function relayBody(body: Dispatcher.ResponseData['body'], res: Response, onError: (error: Error) => void): Promise<void> {
  return new Promise((resolve) => {
    body.once('error', (error) => {
      onError(error);
      res.destroy();
    });
    // Also when the client goes away first: then the rest of the service's answer is not wanted.
    res.once('close', () => {
      if (!body.readableEnded) body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}
