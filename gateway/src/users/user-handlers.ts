import {
  ProblemError, type CreateUserRequest, type ListUsersQuery, type SetRolesRequest, type SignUpRequest, type UpdateUserRequest,
} from '@inventory/contracts';
import type { RefreshTokens } from '../auth/refresh-tokens.js';
import type { LocalHandler } from '../routes/local-handler.js';
import { acceptablePasswordHash } from './password-rules.js';
import type { UserDocument, UserStore } from './user-store.js';
import { toUserView } from './user-view.js';

export interface UserHandlerDependencies {
  users: UserStore;
  refreshTokens: RefreshTokens;
  selfSignUpEnabled: boolean;
}

async function existing(users: UserStore, id: string): Promise<UserDocument> {
  const user = await users.findById(id);
  if (!user) throw new ProblemError('USER_NOT_FOUND', `no user ${id}`);
  return user;
}

/** Admins cannot lock themselves out: not by disabling, deleting or demoting their own account. */
function refuseSelfLockout(actorId: string | undefined, targetId: string, what: string): void {
  if (actorId === targetId) throw new ProblemError('FORBIDDEN', `you cannot ${what} your own account`);
}

export function userHandlers({ users, refreshTokens, selfSignUpEnabled }: UserHandlerDependencies): Record<string, LocalHandler> {
  const register = async (request: SignUpRequest, roles: CreateUserRequest['roles']) => {
    const passwordHash = await acceptablePasswordHash(request.password, request.username);
    return toUserView(await users.create({ username: request.username, email: request.email, passwordHash, roles }));
  };

  return {
    signUp: async ({ body }) => {
      if (!selfSignUpEnabled) throw new ProblemError('FORBIDDEN', 'open sign-up is disabled: ask an administrator for an account');
      return { status: 201, body: await register(body as SignUpRequest, ['viewer']) };
    },
    getCurrentUser: async ({ principal }) => ({ status: 200, body: toUserView(await existing(users, principal!.id)) }),
    listUsers: async ({ query }) => {
      const { limit, cursor, role, disabled } = query as ListUsersQuery;
      const page = await users.list(limit, { role, disabled }, cursor);
      return { status: 200, body: { items: page.items.map(toUserView), nextCursor: page.nextCursor } };
    },
    createUser: async ({ body }) => {
      const request = body as CreateUserRequest;
      return { status: 201, body: await register(request, request.roles) };
    },
    getUser: async ({ params }) => ({ status: 200, body: toUserView(await existing(users, params.id!)) }),
    updateUser: async ({ params, body, principal }) => {
      const { email, password, disabled } = body as UpdateUserRequest;
      const target = await existing(users, params.id!);
      if (disabled) refuseSelfLockout(principal?.id, target._id, 'disable');
      const passwordHash = password === undefined ? undefined : await acceptablePasswordHash(password, target.username);
      const updated = await users.update(target._id, { email, disabled, passwordHash });
      if (disabled || passwordHash) await refreshTokens.revokeAllOf(target._id);
      return { status: 200, body: toUserView(updated) };
    },
    deleteUser: async ({ params, principal }) => {
      refuseSelfLockout(principal?.id, params.id!, 'delete');
      await users.remove(params.id!);
      await refreshTokens.revokeAllOf(params.id!);
      return { status: 204 };
    },
    setUserRoles: async ({ params, body, principal }) => {
      const { roles } = body as SetRolesRequest;
      if (!roles.includes('admin')) refuseSelfLockout(principal?.id, params.id!, 'remove the admin role from');
      const updated = await users.update(params.id!, { roles: [...new Set(roles)] });
      return { status: 200, body: toUserView(updated) };
    },
  };
}
