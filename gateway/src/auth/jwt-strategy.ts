import { createSecretKey } from 'node:crypto';
import { ProblemError, roleSchema } from '@inventory/contracts';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { z } from 'zod';
import type { UserStore } from '../users/user-store.js';
import { ACCESS_TOKEN_ALGORITHMS, type AccessTokenSettings } from './access-tokens.js';
import type { Principal } from './principal.js';

const claimsSchema = z.object({ sub: z.string().min(1), ver: z.number().int().nonnegative(), roles: z.array(roleSchema) });

/**
 * Signature (HS256 only), issuer, audience and expiry are checked by passport-jwt; then the user's
 * current record (UserStore.findRecent: fresh after changes made here, at most
 * USER_RECHECK_MS old for changes made through another instance) decides: disabled → 403,
 * a token whose `ver` is not the user's tokenVersion (roles/password changed) → 401.
 */
export function jwtStrategy(settings: AccessTokenSettings, users: UserStore): Strategy {
  // A KeyObject rather than the string: given a string, jsonwebtoken first tries to parse it as a PEM
  // public key on every verify (an exception thrown and caught), the costliest step of a request.
  // jsonwebtoken takes KeyObjects; passport-jwt's types only list string | Buffer.
  const key = createSecretKey(Buffer.from(settings.secret)) as unknown as Buffer;
  return new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_req, _token, done) => done(null, key),
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      issuer: settings.issuer,
      audience: settings.audience,
    },
    (payload: unknown, done: (error: unknown, user?: Principal | false) => void) => {
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return done(null, false);
      users.findRecent(claims.data.sub).then((user) => {
        if (!user) return done(null, false);
        if (user.disabled) return done(new ProblemError('USER_DISABLED'));
        if (user.tokenVersion !== claims.data.ver) return done(null, false);
        return done(null, { id: user._id, username: user.username, roles: user.roles });
      }, done);
    },
  );
}
