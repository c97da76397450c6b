import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import { API_BASE } from './base';
import type { paths } from './schema';

const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long reads carry the last command's token: past it the read side has long caught up. */
const TOKEN_WINDOW_MS = 30_000;
let lastToken: { value: string; at: number } | undefined;

/** After a command, reads wait for the read side to include it: a user never sees their own change missing. */
export function rememberConsistencyToken(token: string | null | undefined): void {
  if (token) lastToken = { value: token, at: Date.now() };
}

/** The last command's token while it is fresh: a read sent now waits for the read side to include it. */
const freshToken = (): string | undefined => (lastToken && Date.now() - lastToken.at < TOKEN_WINDOW_MS ? lastToken.value : undefined);

const pending = new WeakMap<Request, Request>();

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const access = session.accessToken();
    if (access) request.headers.set('Authorization', `Bearer ${access}`);
    const token = freshToken();
    if (request.method === 'GET' && token && !request.headers.has('Consistency-Token')) request.headers.set('Consistency-Token', token);
    pending.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const copy = pending.get(request);
    pending.delete(request);
    if (COMMAND_METHODS.has(request.method) && response.ok) rememberConsistencyToken(response.headers.get('Consistency-Token'));
    // An expired access token is renewed once, silently, and the request sent again.
    if (response.status === 401 && copy && !request.url.includes('/auth/') && await session.refresh()) {
      copy.headers.set('Authorization', `Bearer ${session.accessToken()}`);
      return fetch(copy);
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: API_BASE });
api.use(sessionMiddleware);

/** A GET whose answer is a file (CSV downloads), with the session's headers; kept as a Blob, which the browser may hold on disk. */
export async function fetchFile(pathAndQuery: string, accept: string): Promise<Blob> {
  const send = () => {
    const token = freshToken();
    return fetch(`${API_BASE}${pathAndQuery}`, { headers: { Accept: accept, Authorization: `Bearer ${session.accessToken() ?? ''}`, ...(token ? { 'Consistency-Token': token } : {}) } });
  };
  let response = await send();
  if (response.status === 401 && await session.refresh()) response = await send();
  if (!response.ok) throw await response.json();
  return response.blob();
}
