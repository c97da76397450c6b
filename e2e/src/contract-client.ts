import assert from 'node:assert/strict';
import { ApiClient } from '@inventory/tools';
import { assertConforms } from '@inventory/contracts/testing';

/** An API client for tests: every answer is checked against the route's contract before the test sees it. */
export class ContractClient {
  readonly api: ApiClient;

  constructor(baseUrl: string) {
    this.api = new ApiClient(baseUrl);
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: T }> {
    const response = await this.api.send(method, path, body, headers);
    assertConforms(method, path, response);
    return { status: response.status, headers: response.headers, body: response.body as T };
  }

  /** A call that must succeed. */
  async ok<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const { status, body: answer } = await this.call<T>(method, path, body, headers);
    assert.ok(status < 400, `${method} ${path} failed: ${status} ${JSON.stringify(answer)}`);
    return answer;
  }
}
