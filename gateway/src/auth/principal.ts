import type { Role } from '@inventory/contracts';

/** Who is calling, as established by a verified access token and the user's current record. */
export interface Principal {
  id: string;
  username: string;
  roles: Role[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport types `req.user` as Express.User: make that our principal.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Principal {}
  }
}
