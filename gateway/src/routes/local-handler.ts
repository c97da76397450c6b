import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';

/** A route answered by the gateway itself (auth, users, audit), given the validated request. */
export interface LocalRequest {
  params: Record<string, string | undefined>;
  query: unknown;
  body: unknown;
  principal: Principal | undefined;
  req: Request;
  res: Response;
}

export interface LocalAnswer {
  status: number;
  body?: unknown;
  /** Sent as is with this media type instead of as JSON (the docs page). */
  type?: string;
}

export type LocalHandler = (request: LocalRequest) => Promise<LocalAnswer>;
