import type { z } from 'zod';
import type { ErrorCode } from '../http/error-catalog.js';
import type { Role } from './common.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One REST route as every party sees it: the gateway validates and authorizes with it, the
 * OpenAPI document is generated from it, tests walk it.
 */
export interface RouteContract {
  operationId: string;
  method: HttpMethod;
  /** Under API_BASE_PATH, OpenAPI style: /locations/{id}. */
  path: string;
  summary: string;
  tag: string;
  /** 'public': no token; 'authenticated': any role; else the roles allowed. */
  access: 'public' | 'authenticated' | readonly Role[];
  params?: z.ZodObject;
  query?: z.ZodType<object>;
  body?: z.ZodType;
  response: { status: 200 | 201 | 204; schema?: z.ZodType; description: string; /** Also answered as text/csv (Accept: text/csv); a string describes that table. */ csv?: boolean | string; html?: boolean };
  /** State-changing: accepts Idempotency-Key, is audited; when evented, its answer carries a consistency token (body and header). */
  command?: boolean;
  /** A bulk command (up to 500 entries): its body may be as large as the gateway's BULK_BODY_LIMIT_BYTES. */
  bulk?: boolean;
  /** Reads a read model: honours Consistency-Token (read-your-writes). */
  readModel?: boolean;
  /** Errors specific to this route; the ones every route can return are added by the documents. */
  errors: readonly ErrorCode[];
}

/** An answer of the REST API as a client reads it. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}
