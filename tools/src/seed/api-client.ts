import type { ApiResponse, ProblemDetails, Tokens } from '@inventory/contracts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Partial<ProblemDetails>) {
    super(`${status} ${problem.code ?? ''}: ${problem.detail ?? problem.title ?? 'request failed'}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small client for the public REST API: bearer token, JSON, polite waiting on 429 (Retry-After),
 * and a new login when the access token has expired (a long seed or benchmark outlives its 15 minutes).
 */
export class ApiClient {
  private accessToken: string | undefined;
  private credentials: { username: string; password: string } | undefined;
  /** The login under way, shared by every request that found the token expired at once (many logins of one account are throttled). */
  private renewing: Promise<void> | undefined;

  constructor(private readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<void> {
    const tokens = await this.request<Tokens>('POST', '/auth/login', { username, password });
    this.accessToken = tokens.accessToken;
    this.credentials = { username, password };
  }

  /** The raw answer (status, headers, parsed body), after waiting out any 429 and logging in again once on an expired token. */
  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, attempt = 0, renewed = false): Promise<ApiResponse> {
    const token = this.accessToken;
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 429 && attempt < 20) {
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
      return this.send(method, path, body, headers, attempt + 1, renewed);
    }
    if (response.status === 401 && token !== undefined && this.credentials && !renewed) {
      await response.body?.cancel();
      if (this.accessToken === token) {
        const { username, password } = this.credentials;
        this.renewing ??= this.login(username, password).finally(() => { this.renewing = undefined; });
        await this.renewing;
      }
      return this.send(method, path, body, headers, attempt, true);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** The parsed body of a successful answer; an error answer throws ApiError. */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.send(method, path, body, headers);
    if (response.status >= 400) throw new ApiError(response.status, response.body as Partial<ProblemDetails>);
    return response.body as T;
  }
}
