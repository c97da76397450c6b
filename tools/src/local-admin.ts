/**
 * The first admin of a stack: INVENTORY_ADMIN_USERNAME / INVENTORY_ADMIN_PASSWORD, else the
 * gateway's documented local defaults (README), which it refuses to use in production.
 */
export const localAdminCredentials = (env: NodeJS.ProcessEnv = process.env): { username: string; password: string } => ({
  username: env.INVENTORY_ADMIN_USERNAME ?? 'admin',
  password: env.INVENTORY_ADMIN_PASSWORD ?? 'Local-Dev-Passw0rd',
});
