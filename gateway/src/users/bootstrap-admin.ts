import { emailSchema, passwordSchema, usernameSchema } from '@inventory/contracts';
import type { Logger } from '@inventory/platform';
import type { GatewayConfig } from '../config.js';
import { acceptablePasswordHash } from './password-rules.js';
import type { UserStore } from './user-store.js';

/**
 * Creates the first admin from INVENTORY_ADMIN_* when no user of that name exists yet; an
 * existing account is left alone (its password may have been changed since).
 */
export async function bootstrapAdmin(users: UserStore, config: GatewayConfig, logger: Logger): Promise<void> {
  const username = usernameSchema.parse(config.INVENTORY_ADMIN_USERNAME);
  if (await users.findByUsername(username)) return;
  const passwordHash = await acceptablePasswordHash(passwordSchema.parse(config.INVENTORY_ADMIN_PASSWORD), username);
  try {
    await users.create({ username, email: emailSchema.parse(config.INVENTORY_ADMIN_EMAIL), passwordHash, roles: ['admin'] });
    logger.info({ username }, 'first admin created');
  } catch (error) {
    // Another gateway instance bootstrapped it at the same moment.
    if (!(await users.findByUsername(username))) throw error;
  }
}
