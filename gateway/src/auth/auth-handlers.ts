import { ProblemError, type LoginRequest, type RefreshRequest } from '@inventory/contracts';
import { setAuditSubject } from '../audit/record-audit.js';
import type { LocalHandler } from '../routes/local-handler.js';
import { decoyHash, passwordMatches } from '../users/passwords.js';
import type { UserStore } from '../users/user-store.js';
import type { AccessTokenSettings } from './access-tokens.js';
import { tokensFor } from './issue-tokens.js';
import type { LoginGuard } from './login-guard.js';
import type { RefreshTokens } from './refresh-tokens.js';

export interface AuthHandlerDependencies {
  users: UserStore;
  refreshTokens: RefreshTokens;
  loginGuard: LoginGuard;
  tokenSettings: AccessTokenSettings;
}

export function authHandlers({ users, refreshTokens, loginGuard, tokenSettings }: AuthHandlerDependencies): Record<string, LocalHandler> {
  return {
    login: async ({ body, req, res }) => {
      const { username, password } = body as LoginRequest;
      setAuditSubject(res, { action: 'login', targetId: username });
      await loginGuard.admit(req, res, username);
      const user = await users.findByUsername(username);
      // Same work whether or not the user exists: timing does not reveal usernames.
      const matches = await passwordMatches(user?.passwordHash ?? await decoyHash, password);
      // The failure was counted by admit, before the check.
      if (!user || !matches) throw new ProblemError('INVALID_CREDENTIALS');
      await loginGuard.succeeded(req, username);
      setAuditSubject(res, { action: 'login', targetId: user._id, actor: { id: user._id, username: user.username } });
      if (user.disabled) throw new ProblemError('USER_DISABLED');
      return { status: 200, body: tokensFor(tokenSettings, user, await refreshTokens.issue(user._id)) };
    },
    refreshTokens: async ({ body }) => {
      const rotated = await refreshTokens.rotate((body as RefreshRequest).refreshToken);
      if ('refused' in rotated) throw new ProblemError('UNAUTHENTICATED', `refresh token ${rotated.refused}`);
      const user = await users.findById(rotated.userId);
      if (!user) throw new ProblemError('UNAUTHENTICATED', 'the user no longer exists');
      if (user.disabled) throw new ProblemError('USER_DISABLED');
      return { status: 200, body: tokensFor(tokenSettings, user, rotated.token) };
    },
    logout: async ({ body, principal }) => {
      await refreshTokens.revoke((body as RefreshRequest).refreshToken, principal!.id);
      return { status: 204 };
    },
  };
}
