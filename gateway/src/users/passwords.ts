import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
export const hashPassword = (password: string): Promise<string> => hash(password);

export const passwordMatches = (passwordHash: string, password: string): Promise<boolean> =>
  verify(passwordHash, password).catch(() => false);

/** Verified against when the username is unknown, so response time does not reveal which usernames exist. */
export const decoyHash = hashPassword('decoy-password-never-matches');
