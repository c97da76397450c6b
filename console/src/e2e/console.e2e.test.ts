import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { buildWarehouse, ContractClient, registerItem, waitForReadSide, type Warehouse } from '@inventory/e2e';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './browser';

/** No serious or critical accessibility violations on the page as it is now (axe-core). */
async function assertAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  assert.deepEqual(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`), [], `${screen} has accessibility violations`);
}

/**
 * The web console in Debian's Chromium against the real stack: the gateway serves the built console
 * at / (the launcher builds it), and every screen talks only to the public API.
 */
describe('web console in a real browser (Chromium, whole stack)', function () {
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let warehouse: Warehouse;
  let tag: string;
  let itemName: string;

  before(async function () {
    this.timeout(600_000);
    browser = await launchChromium();
    const stack = await useStack();
    baseUrl = stack.urls.gateway!;
    const client = new ContractClient(baseUrl);
    const { username, password } = localAdminCredentials();
    await client.api.login(username, password);
    tag = randomUUID().slice(0, 6).toUpperCase();
    warehouse = await buildWarehouse(client, tag, 2);
    itemName = `Laptop ${tag}`;
    const item = await registerItem(client, warehouse.laptopTypeId, 'CHILD', itemName, warehouse.binIds[0]!);
    await waitForReadSide(client, `/items/${item.item.id}`, item.consistencyToken);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  after(async () => browser?.close());

  it('signs in with the local admin and offers the admin every screen', async function () {
    await page.goto(baseUrl);
    const { username, password } = localAdminCredentials();
    await assertAccessible(page, 'login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const screen of ['Locations', 'Items', 'Import CSV', 'Reports', 'Users', 'Audit log']) {
      await nav.getByRole('link', { name: screen }).waitFor();
    }
  });

  it('browses the location tree down to a bin and sees what it holds', async function () {
    await page.getByRole('button', { name: `Expand ${tag}-W · Main warehouse` }).click();
    await page.getByRole('link', { name: `${tag}-B0 · Bin 0` }).click();
    await page.getByRole('heading', { name: `${tag}-B0 · Bin 0` }).waitFor();
    await page.getByRole('link', { name: itemName }).waitFor();
    await screenshot(page, 'locations');
    await assertAccessible(page, 'locations');
  });
});
