import { ApiClient, localAdminCredentials } from '@inventory/tools';

/** The local admin, logged in through the gateway. */
export async function loggedIn(gatewayUrl: string): Promise<ApiClient> {
  const { username, password } = localAdminCredentials();
  const api = new ApiClient(gatewayUrl);
  await api.login(username, password);
  return api;
}

/** Polls until `check` holds, however busy the machine (generous: the stack may still project what came before). */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
