import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '@inventory/contracts';

/** The only algorithm signed and accepted: `none` and public-key/HMAC confusion are refused by construction. */
export const ACCESS_TOKEN_ALGORITHMS: jwt.Algorithm[] = ['HS256'];

export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokenClaims {
  sub: string;
  roles: Role[];
  /** The user's tokenVersion when the token was issued. */
  ver: number;
}

export function signAccessToken(settings: AccessTokenSettings, claims: AccessTokenClaims): string {
  return jwt.sign(claims, settings.secret, {
    algorithm: 'HS256',
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.ttlSeconds,
    jwtid: randomUUID(),
  });
}
