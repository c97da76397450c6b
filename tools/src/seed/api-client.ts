import type { ProblemDetails, Tokens } from '@inventory/contracts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Partial<ProblemDetails>) {
    super(`${status} ${problem.code ?? ''}: ${problem.detail ?? problem.title ?? 'request failed'}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A small client for the public REST API: bearer token, JSON, and polite waiting on 429 (Retry-After). */
export class ApiClient {
  private accessToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<void> {
    const tokens = await this.request<Tokens>('POST', '/auth/login', { username, password });
    this.accessToken = tokens.accessToken;
  }

  async request<T>(method: string, path: string, body?: unknown, attempt = 0): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 429 && attempt < 20) {
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
      return this.request(method, path, body, attempt + 1);
    }
    const payload = response.status === 204 ? undefined : await response.json();
    if (!response.ok) throw new ApiError(response.status, payload as Partial<ProblemDetails>);
    return payload as T;
  }
}
