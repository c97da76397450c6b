import type { Tokens } from '@inventory/contracts';
import type { UserDocument } from '../users/user-store.js';
import { signAccessToken, type AccessTokenSettings } from './access-tokens.js';

/** The login/refresh answer: an access token carrying the user's current roles and token version. */
export const tokensFor = (settings: AccessTokenSettings, user: UserDocument, refreshToken: string): Tokens => ({
  accessToken: signAccessToken(settings, { sub: user._id, roles: user.roles, ver: user.tokenVersion }),
  refreshToken,
  expiresIn: settings.ttlSeconds,
  tokenType: 'Bearer',
});
