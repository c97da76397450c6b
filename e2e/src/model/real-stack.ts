/**
 * The real side of the model-based suite: the whole stack behind its gateway, reached only through
 * the public API. It remembers every state-changing request it sent (by its correlation id, for the
 * audit property) and every position the commands answered (one Consistency-Token for all reads).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  API_BASE_PATH, ERROR_CATALOG, PROBLEM_CONTENT_TYPE, decodeConsistencyToken, encodeConsistencyToken, problemDetailsSchema,
  type ErrorCode, type ItemTypeResult, type LocationResult, type LocationTypeResult, type Role, type Tokens, type User,
} from '@inventory/contracts';
import { ContractClient } from '../contract-client.js';
import { LOCATION_TYPES, type InventoryModel, type LocationTypeKey, type TypeKey } from './inventory-model.js';

export interface Answer<T> {
  status: number;
  body: T;
  code?: ErrorCode;
}

/** A state-changing request and what it was answered: each must leave exactly one audit record. */
export interface SentCommand {
  correlationId: string;
  method: string;
  path: string;
  status: number;
}

export const PASSWORD = 'model-based-run-42-pass';

export class RealStack {
  readonly sent: SentCommand[] = [];
  private readonly positions = new Map<string, number>();
  private counter = 0;
  readonly itemTypeIds = {} as Record<TypeKey, string>;
  readonly locationTypeIds = {} as Record<LocationTypeKey, string>;

  private constructor(readonly gatewayUrl: string, readonly admin: ContractClient, readonly adminId: string, readonly adminToken: string, readonly tag: string) {}

  /** A new run: the local admin logged in (a client, and its bare access token for raw requests), with a tag of its own. */
  static async open(gatewayUrl: string, username: string, password: string): Promise<RealStack> {
    const admin = new ContractClient(gatewayUrl);
    await admin.api.login(username, password);
    const tokens = await admin.ok<Tokens>('POST', '/auth/login', { username, password });
    const me = await admin.ok<User>('GET', '/users/me');
    return new RealStack(gatewayUrl, admin, me.id, tokens.accessToken, randomUUID().slice(0, 8).toLowerCase());
  }

  /** A Consistency-Token naming every position any command of this run answered: reads wait for all of them. */
  token(): Record<string, string> {
    if (this.positions.size === 0) return {};
    const positions = [...this.positions].map(([aggregateId, aggregateVersion]) => ({ aggregateId, aggregateVersion })).slice(-500);
    return { 'Consistency-Token': encodeConsistencyToken(positions) };
  }

  private remember(token: string | undefined): void {
    for (const position of (token && decodeConsistencyToken(token)) || []) {
      this.positions.set(position.aggregateId, Math.max(this.positions.get(position.aggregateId) ?? 0, position.aggregateVersion));
    }
  }

  /** A state-changing request (as the admin unless `as` is given), checked against its contract and the one error envelope (property 15). */
  async command<T>(method: string, path: string, body?: unknown, as: ContractClient = this.admin, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const correlationId = `model-${this.tag}-${(this.counter += 1)}`;
    const answer = await as.call<T>(method, path, body, { 'x-request-id': correlationId, ...headers });
    this.sent.push({ correlationId, method, path, status: answer.status });
    if (answer.status < 400) this.remember((answer.body as { consistencyToken?: string } | undefined)?.consistencyToken);
    return checked(answer);
  }

  /** A raw request (a body that is not JSON, or no or a forged token), checked against the envelope. */
  async raw(method: string, path: string, body: string, headers: Record<string, string>): Promise<Answer<unknown>> {
    const correlationId = `model-${this.tag}-${(this.counter += 1)}`;
    const response = await fetch(`${this.gatewayUrl}${API_BASE_PATH}${path}`, {
      method, body, headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': correlationId, ...headers },
    });
    const parsed: unknown = JSON.parse(await response.text());
    this.sent.push({ correlationId, method, path, status: response.status });
    return checked({ status: response.status, headers: response.headers, body: parsed });
  }

  /**
   * A read as the admin, waiting for every write of the run. A 503 CONSISTENCY_TIMEOUT says "retry" (the read side is
   * behind, e.g. projecting what earlier suites left on the topics): the client does, within a minute.
   */
  async read<T>(path: string): Promise<Answer<T>> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = checked(await this.admin.call<T>('GET', path, undefined, this.token()));
      if (answer.code !== 'CONSISTENCY_TIMEOUT' || Date.now() > deadline) return answer;
    }
  }

  /** A read as another user (property 12), checked against the envelope like every answer. */
  async readAs<T>(client: ContractClient, path: string): Promise<Answer<T>> {
    return checked(await client.call<T>('GET', path));
  }

  async readOk<T>(path: string): Promise<T> {
    const answer = await this.read<T>(path);
    assert.ok(answer.status < 400, `GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A client logged in as `username` now: its token carries the roles the user has now (property 13). */
  async loginAs(username: string): Promise<ContractClient> {
    const client = new ContractClient(this.gatewayUrl);
    await client.api.login(username, PASSWORD);
    return client;
  }

  async createUser(username: string, email: string, roles: Role[]): Promise<Answer<User>> {
    return this.command<User>('POST', '/users', { username, email, password: PASSWORD, roles });
  }

  /** The run's own catalog and location tree (unique names): W (site) > B1 > B3, W > B2 (bins of 3), W > R (pallets only). */
  async buildWorld(model: InventoryModel): Promise<void> {
    for (const key of ['pallet', 'laptop', 'cable'] as const) {
      const created = await this.command<ItemTypeResult>('POST', '/item-types', { name: `${key} ${this.tag}` });
      this.itemTypeIds[key] = created.body.itemType.id;
    }
    for (const key of ['site', 'bin', 'rack'] as const) {
      const rules = LOCATION_TYPES[key];
      const created = await this.command<LocationTypeResult>('POST', '/location-types', {
        name: `${key} ${this.tag}`, capacity: rules.capacity, allowedItemTypeIds: rules.allowed?.map((type) => this.itemTypeIds[type]) ?? null,
      });
      this.locationTypeIds[key] = created.body.locationType.id;
    }
    const tree: [string, LocationTypeKey, string | null][] = [['W', 'site', null], ['B1', 'bin', 'W'], ['B2', 'bin', 'W'], ['B3', 'bin', 'B1'], ['R', 'rack', 'W']];
    for (const [key, typeKey, parentKey] of tree) {
      const parentId = parentKey === null ? null : model.locations.find((location) => location.key === parentKey)!.id;
      const created = await this.command<LocationResult>('POST', '/locations', {
        code: `M-${this.tag}-${key}`, name: `${key} of run ${this.tag}`, locationTypeId: this.locationTypeIds[typeKey], parentLocationId: parentId,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      model.locations.push({ key, id: created.body.location.id, typeKey, parentId, active: true, deleted: false });
    }
  }
}

/** An answer with its error code, once its envelope is checked. */
function checked<T>(answer: { status: number; headers: Headers; body: T }): Answer<T> {
  return { status: answer.status, body: answer.body, code: answer.status >= 400 ? assertProblem(answer.status, answer.headers, answer.body) : undefined };
}

/** Property 15: an error is problem+json whose status and title are the catalog entry of its code. */
export function assertProblem(status: number, headers: Headers, body: unknown): ErrorCode {
  assert.match(headers.get('content-type') ?? '', new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}`), `property 15: ${status} is not problem+json`);
  const problem = problemDetailsSchema.parse(body);
  assert.equal(problem.status, status, 'property 15: the envelope names the HTTP status');
  assert.equal(ERROR_CATALOG[problem.code].status, status, `property 15: ${problem.code} answers its catalog status`);
  return problem.code;
}
