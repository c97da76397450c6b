import type { User } from '@inventory/contracts';
import type { UserDocument } from './user-store.js';

/** The API's view of a user: never the hash, the normalized keys or the token version. */
export const toUserView = (user: UserDocument): User => ({
  id: user._id,
  username: user.username,
  email: user.email,
  roles: user.roles,
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});
