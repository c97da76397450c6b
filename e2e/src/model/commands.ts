/**
 * The commands of the model-based suite (fast-check asyncModelRun): each sends one request through
 * the gateway, asserts the answer the model predicts (accepted, or refused with a code the SPEC
 * allows), applies it to the model, then checks everything observable against the model.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ROLES, type AssignmentResult, type ErrorCode, type ItemResult, type MoveResult, type Role, type User } from '@inventory/contracts';
import { checkInventory } from './checks.js';
import type { InventoryModel, TypeKey } from './inventory-model.js';
import type { Answer, RealStack } from './real-stack.js';

export type Command = fc.AsyncCommand<InventoryModel, RealStack>;

const pickFrom = <T>(values: readonly T[], pick: number): T => values[pick % values.length]!;

/** Property 5 (and 9): a command the model refuses is refused with one of the codes it allows; one it accepts is accepted. */
function expectOutcome(answer: Answer<unknown>, predicted: readonly ErrorCode[], what: string): boolean {
  if (predicted.length === 0) {
    assert.ok(answer.status < 400, `property 5/9: ${what} must be accepted, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return true;
  }
  assert.ok(answer.status >= 400 && predicted.includes(answer.code!), `property 5/9: ${what} must be refused with ${predicted.join(' or ')}, got ${answer.status} ${answer.code ?? ''}`);
  return false;
}

abstract class InventoryCommand implements Command {
  check(model: InventoryModel): boolean {
    return model.locations.length > 0;
  }

  async run(model: InventoryModel, real: RealStack): Promise<void> {
    await this.apply(model, real);
    await checkInventory(model, real);
  }

  protected abstract apply(model: InventoryModel, real: RealStack): Promise<void>;
  abstract toString(): string;
}

class Register extends InventoryCommand {
  constructor(readonly typeKey: TypeKey, readonly locationPick: number) { super(); }
  override check(model: InventoryModel): boolean { return model.items.length < 10; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const location = pickFrom(model.locations, this.locationPick);
    const kind = this.typeKey === 'pallet' ? 'PARENT' : 'CHILD';
    const answer = await real.command<ItemResult>('POST', '/items', { itemTypeId: real.itemTypeIds[this.typeKey], kind, name: `${this.typeKey} ${model.items.length}`, locationId: location.id });
    if (expectOutcome(answer, model.predictRegister(this.typeKey, location.id), `register ${this.typeKey} at ${location.key}`)) {
      model.register(answer.body.item.id, kind, this.typeKey, location.id);
    }
  }
  toString(): string { return `register(${this.typeKey}, loc#${this.locationPick})`; }
}

class Move extends InventoryCommand {
  constructor(readonly itemPick: number, readonly locationPick: number) { super(); }
  override check(model: InventoryModel): boolean { return model.items.length > 0; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const item = pickFrom(model.items, this.itemPick);
    const to = pickFrom(model.locations, this.locationPick);
    const predicted = model.predictMove(item.id, to.id);
    const children = model.childrenOf(item.id).map((child) => child.id).sort();
    const answer = await real.command<MoveResult>('POST', '/moves', { itemId: item.id, toLocationId: to.id, reason: 'model run' });
    if (expectOutcome(answer, predicted, `move ${item.kind} ${item.id} to ${to.key}`)) {
      assert.deepEqual([...answer.body.move.movedChildIds].sort(), children, 'property 3: every assigned child moves with its parent');
      model.move(item.id, to.id, real.adminId, answer.body.move.occurredAt);
    }
  }
  toString(): string { return `move(item#${this.itemPick}, loc#${this.locationPick})`; }
}

class Assign extends InventoryCommand {
  constructor(readonly childPick: number, readonly parentPick: number) { super(); }
  override check(model: InventoryModel): boolean { return model.items.length > 0; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const child = pickFrom(model.items, this.childPick);
    const parent = pickFrom(model.items, this.parentPick);
    const answer = await real.command<AssignmentResult>('POST', `/items/${child.id}/assignment`, { parentId: parent.id });
    if (expectOutcome(answer, model.predictAssign(child.id, parent.id), `assign ${child.kind} to ${parent.kind}`)) model.assign(child.id, parent.id, real.adminId);
  }
  toString(): string { return `assign(item#${this.childPick} to item#${this.parentPick})`; }
}

class Release extends InventoryCommand {
  constructor(readonly childPick: number) { super(); }
  override check(model: InventoryModel): boolean { return model.items.length > 0; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const child = pickFrom(model.items, this.childPick);
    const answer = await real.command('DELETE', `/items/${child.id}/assignment`);
    if (expectOutcome(answer, model.predictRelease(child.id), `release ${child.kind}`)) model.release(child.id, real.adminId);
  }
  toString(): string { return `release(item#${this.childPick})`; }
}

class Retire extends InventoryCommand {
  constructor(readonly itemPick: number) { super(); }
  override check(model: InventoryModel): boolean { return model.items.length > 0; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const item = pickFrom(model.items, this.itemPick);
    const answer = await real.command('DELETE', `/items/${item.id}`);
    if (expectOutcome(answer, model.predictRetire(item.id), `retire ${item.kind}`)) item.retired = true;
  }
  toString(): string { return `retire(item#${this.itemPick})`; }
}

class DeleteLocation extends InventoryCommand {
  constructor(readonly locationPick: number) { super(); }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    // Never the root: the reports are read for its subtree.
    const location = pickFrom(model.locations.slice(1), this.locationPick);
    const answer = await real.command('DELETE', `/locations/${location.id}`);
    if (expectOutcome(answer, model.predictDeleteLocation(location.id), `delete ${location.key}`)) location.deleted = true;
  }
  toString(): string { return `deleteLocation(loc#${this.locationPick})`; }
}

class SetActive extends InventoryCommand {
  constructor(readonly locationPick: number, readonly active: boolean) { super(); }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const location = pickFrom(model.locations, this.locationPick);
    const answer = await real.command('PATCH', `/locations/${location.id}`, { active: this.active });
    if (expectOutcome(answer, model.predictSetActive(location.id), `set ${location.key} active=${this.active}`)) location.active = this.active;
  }
  toString(): string { return `setActive(loc#${this.locationPick}, ${this.active})`; }
}

class Reparent extends InventoryCommand {
  constructor(readonly locationPick: number, readonly parentPick: number) { super(); }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const location = pickFrom(model.locations, this.locationPick);
    const parent = pickFrom(model.locations, this.parentPick);
    const answer = await real.command('PATCH', `/locations/${location.id}`, { parentLocationId: parent.id });
    if (expectOutcome(answer, model.predictReparent(location.id, parent.id), `put ${location.key} inside ${parent.key}`)) location.parentId = parent.id;
  }
  toString(): string { return `reparent(loc#${this.locationPick} into loc#${this.parentPick})`; }
}

const pick = fc.nat(20);
const typeKey = fc.constantFrom<TypeKey>('pallet', 'pallet', 'laptop', 'cable');

/** Properties 1–11: the inventory commands, weighted towards what builds state to break. */
export const inventoryCommands = [
  fc.tuple(typeKey, pick).map(([type, location]) => new Register(type, location)),
  fc.tuple(typeKey, pick).map(([type, location]) => new Register(type, location)),
  fc.tuple(pick, pick).map(([item, location]) => new Move(item, location)),
  fc.tuple(pick, pick).map(([item, location]) => new Move(item, location)),
  fc.tuple(pick, pick).map(([item, location]) => new Move(item, location)),
  fc.tuple(pick, pick).map(([child, parent]) => new Assign(child, parent)),
  fc.tuple(pick, pick).map(([child, parent]) => new Assign(child, parent)),
  pick.map((child) => new Release(child)),
  pick.map((item) => new Retire(item)),
  pick.map((location) => new DeleteLocation(location)),
  fc.tuple(pick, fc.boolean()).map(([location, active]) => new SetActive(location, active)),
  fc.tuple(pick, pick).map(([location, parent]) => new Reparent(location, parent)),
];

// --- properties 12–16: who may do what, users, bad input ---

const allows = (roles: readonly Role[], access: readonly Role[]): boolean => roles.some((role) => access.includes(role));
const EDITORS: Role[] = ['admin', 'manager'];
const HANDLERS: Role[] = ['admin', 'manager', 'operator'];
const REPORT_READERS: Role[] = ['admin', 'manager', 'analyst'];

class CreateUser extends InventoryCommand {
  constructor(readonly userIndex: number, readonly emailIndex: number, readonly roles: Role[]) { super(); }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const username = `m${real.tag}-u${this.userIndex}`;
    const email = `m${real.tag}-e${this.emailIndex}@example.test`;
    const predicted: ErrorCode[] = [
      ...(model.users.some((user) => user.username === username) ? ['DUPLICATE_USERNAME' as const] : []),
      ...(model.users.some((user) => user.email === email) ? ['DUPLICATE_EMAIL' as const] : []),
    ];
    const answer = await real.createUser(username, email, this.roles);
    if (expectOutcome(answer, predicted, `property 13: create user ${username} <${email}>`)) {
      model.users.push({ username, email, id: answer.body.id, roles: [...this.roles] });
    }
  }
  toString(): string { return `createUser(u${this.userIndex}, e${this.emailIndex}, ${this.roles.join('+')})`; }
}

class SetRoles extends InventoryCommand {
  constructor(readonly userPick: number, readonly roles: Role[]) { super(); }
  override check(model: InventoryModel): boolean { return model.users.length > 0; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const user = pickFrom(model.users, this.userPick);
    const answer = await real.command<User>('PUT', `/users/${user.id}/roles`, { roles: this.roles });
    expectOutcome(answer, [], `set roles of ${user.username}`);
    user.roles = [...this.roles];
  }
  toString(): string { return `setRoles(user#${this.userPick}, ${this.roles.join('+')})`; }
}

type Action = 'report' | 'audit' | 'noOpMove' | 'duplicateLocationType';

/** Property 12 and 13: a user's next token carries its current roles, and each role may do exactly what the matrix allows. */
class ActAs extends InventoryCommand {
  constructor(readonly userPick: number, readonly action: Action) { super(); }
  override check(model: InventoryModel): boolean { return model.users.length > 0; }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const user = pickFrom(model.users, this.userPick);
    const client = await real.loginAs(user.username);
    const me = await client.ok<User>('GET', '/users/me');
    assert.deepEqual([...me.roles].sort(), [...user.roles].sort(), `property 13: the new token of ${user.username} has its current roles`);
    const denied = (answer: Answer<unknown>, access: readonly Role[], otherwise: readonly ErrorCode[] | 'ok') => {
      const what = `property 12: ${this.action} as ${user.roles.join('+')}`;
      if (!allows(user.roles, access)) return assert.deepEqual([answer.status, answer.code], [403, 'FORBIDDEN'], what);
      if (otherwise === 'ok') return assert.ok(answer.status < 400, `${what}: ${answer.status} ${answer.code ?? ''}`);
      return assert.ok(otherwise.includes(answer.code!), `${what}: ${answer.status} ${answer.code ?? ''}`);
    };
    const item = model.liveItems()[0];
    if (this.action === 'noOpMove' && item) {
      const answer = await real.command('POST', '/moves', { itemId: item.id, toLocationId: item.locationId }, client);
      denied(answer, HANDLERS, model.predictMove(item.id, item.locationId));
    } else if (this.action === 'duplicateLocationType') {
      const answer = await real.command('POST', '/location-types', { name: `bin ${real.tag}` }, client);
      denied(answer, EDITORS, ['DUPLICATE_NAME']);
    } else if (this.action === 'audit') {
      denied(await real.readAs(client, '/audit?limit=1'), ['admin'], 'ok');
    } else {
      denied(await real.readAs(client, `/reports/counts?itemType=${real.itemTypeIds.pallet}`), REPORT_READERS, 'ok');
    }
  }
  toString(): string { return `actAs(user#${this.userPick}, ${this.action})`; }
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Property 12: without a valid token nothing reaches a handler. */
class Unauthenticated extends InventoryCommand {
  constructor(readonly variant: 'none' | 'garbage' | 'algNone') { super(); }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const forged = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: real.adminId, roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    const authorization = { none: undefined, garbage: 'Bearer not-a-token', algNone: `Bearer ${forged}` }[this.variant];
    const location = model.locations[1]!;
    const answer = await real.raw('POST', '/locations', JSON.stringify({ code: `M-${real.tag}-X`, name: 'never', locationTypeId: real.locationTypeIds.site, parentLocationId: location.id }),
      authorization ? { authorization } : {});
    assert.deepEqual([answer.status, answer.code], [401, 'UNAUTHENTICATED'], `property 12: ${this.variant} token`);
  }
  toString(): string { return `unauthenticated(${this.variant})`; }
}

/** Property 14: a malformed body, query or header is refused with 400 and changes nothing (the checks after it). */
class Malformed extends InventoryCommand {
  constructor(readonly variant: number) { super(); }
  protected async apply(model: InventoryModel, real: RealStack): Promise<void> {
    const target = model.locations[1]!.id;
    const nested = `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`;
    const requests: [string, string, string, Record<string, string>?][] = [
      ['POST', '/moves', '{"itemId": '],
      ['POST', '/moves', JSON.stringify({ itemId: { $gt: '' }, toLocationId: target })],
      ['POST', '/moves', JSON.stringify({ itemId: target, toLocationId: target, extra: 1 })],
      ['POST', '/locations', `{"code":"M-${real.tag}-\\ud800","name":"lone surrogate","locationTypeId":"${real.locationTypeIds.site}"}`],
      ['POST', '/items', JSON.stringify({ itemTypeId: real.itemTypeIds.pallet, kind: 'GRANDCHILD', name: 'x', locationId: target })],
      ['POST', '/moves', nested],
      ['PATCH', `/locations/${target}`, JSON.stringify({ active: 'yes' })],
      ['POST', '/moves', JSON.stringify({ itemId: target, toLocationId: target }), { 'Idempotency-Key': 'short' }],
    ];
    const [method, path, body, headers] = pickFrom(requests, this.variant);
    const answer = await real.raw(method, path, body, { authorization: `Bearer ${real.adminToken}`, ...headers });
    assert.ok(answer.status === 400 && ['VALIDATION_FAILED', 'MALFORMED_BODY'].includes(answer.code!), `property 14: ${method} ${path} ${body.slice(0, 80)} → ${answer.status} ${answer.code ?? ''}`);
  }
  toString(): string { return `malformed(#${this.variant})`; }
}

const roles = fc.uniqueArray(fc.constantFrom(...ROLES), { minLength: 1, maxLength: 2 });

/** Properties 12–16, with a few inventory commands so there is state that must not change. */
export const accessCommands = [
  fc.tuple(fc.nat(2), fc.nat(2), roles).map(([user, email, granted]) => new CreateUser(user, email, granted)),
  fc.tuple(pick, roles).map(([user, granted]) => new SetRoles(user, granted)),
  fc.tuple(pick, fc.constantFrom<Action>('report', 'audit', 'noOpMove', 'duplicateLocationType')).map(([user, action]) => new ActAs(user, action)),
  fc.tuple(pick, fc.constantFrom<Action>('report', 'audit', 'noOpMove', 'duplicateLocationType')).map(([user, action]) => new ActAs(user, action)),
  fc.constantFrom<'none' | 'garbage' | 'algNone'>('none', 'garbage', 'algNone').map((variant) => new Unauthenticated(variant)),
  fc.nat(7).map((variant) => new Malformed(variant)),
  fc.nat(7).map((variant) => new Malformed(variant)),
  fc.tuple(typeKey, pick).map(([type, location]) => new Register(type, location)),
  fc.tuple(pick, pick).map(([item, location]) => new Move(item, location)),
];

/**
 * Where every run starts (through the same checked commands): W=0, B1=1, B2=2, B3=3, R=4; a pallet in B1 with a laptop
 * assigned, a pallet and a laptop in B2, a cable in W. Random sequences then have parents, children and nearly full bins to act on.
 */
export const startingCommands = (): Command[] => [
  new Register('pallet', 1), new Register('pallet', 2), new Register('laptop', 1), new Register('cable', 0), new Register('laptop', 2), new Assign(2, 0),
];
