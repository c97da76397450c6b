import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

type ClientArgs = ConstructorParameters<typeof SchemaRegistry>[0];
type Middleware = NonNullable<ClientArgs['middlewares']>[number];
type RetryOptions = NonNullable<ClientArgs['retry']>;

/** Bounds on every schema-registry call: one attempt never waits longer than `timeoutMs`, and at most `retries` more follow, with exponential backoff. */
export interface RegistryCallLimits {
  timeoutMs: number;
  retries: number;
  initialRetryMs: number;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryCallLimits = { timeoutMs: 5000, retries: 3, initialRetryMs: 100 };

/** The registry client sets no timeout: a stuck HTTP call would hang its caller for ever. */
const timeoutMiddleware = (timeoutMs: number): Middleware => () => ({
  async prepareRequest(next) {
    const request = await next();
    return request.timeout() ? request : request.enhance({ timeout: timeoutMs });
  },
});

/** Retries 5xx answers, connection errors (the client's own list) and timed-out attempts. */
const retryOptions = ({ retries, initialRetryMs }: RegistryCallLimits): RetryOptions => ({
  retries,
  initialRetryTimeInSecs: initialRetryMs / 1000,
  maxRetryTimeInSecs: 5,
  multiplier: 2,
  factor: 0.2,
  validateRetry: (response) => response.status() >= 500 || (response.error() as Error | undefined)?.name === 'TimeoutError',
});

/** The one place a schema-registry client is made: every encode, decode and register call is bounded. */
export function createRegistryClient(host: string, limits: RegistryCallLimits = DEFAULT_REGISTRY_LIMITS): SchemaRegistry {
  return new SchemaRegistry({ host, retry: retryOptions(limits), middlewares: [timeoutMiddleware(limits.timeoutMs)] });
}

/** `fetch` with the same bounds, for the registry endpoints the client does not cover (subject config). */
export async function registryFetch(url: string, init: RequestInit, limits: RegistryCallLimits = DEFAULT_REGISTRY_LIMITS): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(limits.timeoutMs) });
      if (response.status < 500 || attempt >= limits.retries) return response;
    } catch (error) {
      if (attempt >= limits.retries) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, limits.initialRetryMs * 2 ** attempt));
  }
}
