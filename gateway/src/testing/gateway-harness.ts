import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Role, Tokens } from '@inventory/contracts';
import { startService, type RunningService } from '@inventory/platform';
import { useInfra } from '@inventory/testkit';
import type { Db } from 'mongodb';
import { DEV_ADMIN_PASSWORD } from '../config.js';
import { gatewayService } from '../gateway-service.js';
import { FakeUpstream } from './fake-upstream.js';

export const ADMIN = { username: 'admin', password: DEV_ADMIN_PASSWORD };
export const TEST_PASSWORD = 'Correct-Horse-9-Battery';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/**
 * A gateway on an ephemeral port over the real document store, in a database of its own,
 * with one fake upstream standing in for all three services.
 */
export class GatewayHarness {
  readonly upstream = new FakeUpstream();
  private service!: RunningService;
  baseUrl = '';

  static async start(env: NodeJS.ProcessEnv = {}): Promise<GatewayHarness> {
    const harness = new GatewayHarness();
    const infra = await useInfra();
    const upstreamUrl = await harness.upstream.start();
    const fullEnv = {
      ...process.env,
      ...infra.env,
      INVENTORY_LOCAL_DEV: 'true',
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      GATEWAY_DATABASE: `gateway_test_${randomUUID().slice(0, 8)}`,
      COMMAND_SERVICE_URL: upstreamUrl,
      QUERY_SERVICE_URL: upstreamUrl,
      REPORTING_WORKER_URL: upstreamUrl,
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '1000000',
      ...env,
    };
    harness.service = await startService(gatewayService(fullEnv), fullEnv);
    harness.baseUrl = `http://127.0.0.1:${(harness.service.server.address() as AddressInfo).port}`;
    return harness;
  }

  get db(): Db {
    return this.service.context.mongo.db;
  }

  /** Stops like a signal would (gracefully); `keepDatabase` to inspect what was written, then drop it yourself. */
  async stop({ keepDatabase = false } = {}): Promise<void> {
    if (!keepDatabase) await this.db.dropDatabase().catch(() => undefined);
    await this.service.stop();
    await this.upstream.stop();
  }

  async request(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<JsonAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async login(username: string, password: string): Promise<Tokens> {
    const answer = await this.request('POST', '/api/v1/auth/login', { body: { username, password } });
    if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${answer.text}`);
    return answer.body as Tokens;
  }

  /** Creates a user with `roles` through the API (as the bootstrapped admin) and logs them in. */
  async userWith(roles: Role[], adminToken: string): Promise<{ id: string; username: string; token: string }> {
    const username = `u${randomUUID().slice(0, 12)}`;
    const created = await this.request('POST', '/api/v1/users', { token: adminToken, body: { username, email: `${username}@example.test`, password: TEST_PASSWORD, roles } });
    if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${created.text}`);
    const { accessToken } = await this.login(username, TEST_PASSWORD);
    return { id: (created.body as { id: string }).id, username, token: accessToken };
  }
}
