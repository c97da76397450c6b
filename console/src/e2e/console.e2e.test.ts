import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { buildWarehouse, ContractClient, registerItem, waitForReadSide, type Warehouse } from '@inventory/e2e';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../testing/browser';

/** No serious or critical accessibility violations on the page as it is now (axe-core). */
async function assertAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  assert.deepEqual(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`), [], `${screen} has accessibility violations`);
}

async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Types codes into the focused scan field the way a keyboard-wedge scanner does: the code, then Enter. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

const DAY_MS = 86_400_000;
/** Yesterday to tomorrow: inside the reports screen's default range (the last two weeks up to tomorrow). */
const lastDays = () => `from=${new Date(Date.now() - DAY_MS).toISOString()}&to=${new Date(Date.now() + DAY_MS).toISOString()}`;

const IMPORTED = 200;
/** How long a step may wait for the page (Playwright's default is 30 s). */
const WAIT_MS = 120_000;
const SCANNED = 20;

/**
 * The web console in Debian's Chromium against the real stack: the gateway serves the built console
 * at / (the launcher builds it), and every screen talks only to the public API.
 */
describe('web console in a real browser (Chromium, whole stack)', function () {
  // A busy machine stretches the 200-item import and the bulk move well past the default bounds.
  this.timeout(300_000);
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let admin: ContractClient;
  let warehouse: Warehouse;
  let tag: string;
  let itemName: string;
  const bin = (index: number) => `${tag}-B${index}`;
  const barcode = (index: number) => `${tag}-IMP-${index}`;

  before(async function () {
    this.timeout(600_000);
    browser = await launchChromium();
    // CONSOLE_E2E_URL: a running stack's gateway (npm start), to iterate on the console without starting one.
    baseUrl = process.env.CONSOLE_E2E_URL ?? (await useStack()).urls.gateway!;
    admin = new ContractClient(baseUrl);
    const { username, password } = localAdminCredentials();
    await admin.api.login(username, password);
    tag = randomUUID().slice(0, 6).toUpperCase();
    warehouse = await buildWarehouse(admin, tag, 2);
    itemName = `Laptop ${tag}`;
    const item = await registerItem(admin, warehouse.laptopTypeId, 'CHILD', itemName, warehouse.binIds[0]!);
    await waitForReadSide(admin, `/items/${item.item.id}`, item.consistencyToken);
    await waitForReadSide(admin, `/reports/movements?${lastDays()}`, item.consistencyToken);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(WAIT_MS);
  });
  after(async () => browser?.close());

  it('signs in with the local admin and offers the admin every screen', async function () {
    await page.goto(baseUrl);
    await assertAccessible(page, 'login');
    const { username, password } = localAdminCredentials();
    await signIn(page, baseUrl, username, password);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const screen of ['Locations', 'Items', 'Scan & move', 'Import CSV', 'Labels', 'Reports', 'Users', 'Audit log']) {
      await nav.getByRole('link', { name: screen, exact: true }).waitFor();
    }
  });

  it('browses the location tree down to a bin and sees what it holds', async function () {
    await page.getByRole('button', { name: `Expand ${tag}-W · Main warehouse` }).click();
    await page.getByRole('link', { name: `${bin(0)} · Bin 0` }).click();
    await page.getByRole('heading', { name: `${bin(0)} · Bin 0` }).waitFor();
    await page.getByRole('link', { name: itemName }).waitFor();
    await screenshot(page, 'locations');
    await assertAccessible(page, 'locations');
  });

  it(`imports a CSV of ${IMPORTED} items (one bulk request) and shows each row's outcome`, async function () {
    const lines = ['name,item type,location,barcode', ...Array.from({ length: IMPORTED }, (_, index) => `Imported ${tag} ${index},Laptop ${tag},${bin(0)},${barcode(index)}`)];
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { name: 'Import items from CSV' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.getByText(`${IMPORTED} rows read.`).waitFor();
    await page.getByRole('button', { name: 'Check rows' }).click();
    await page.getByRole('button', { name: `Import ${IMPORTED} valid rows` }).click();
    await page.getByText(`${IMPORTED} registered, 0 rejected`).waitFor();
    await screenshot(page, 'import');
    await assertAccessible(page, 'import');
  });

  it('moves one item from its detail screen and shows the new place and the history entry', async function () {
    await page.getByRole('link', { name: 'Items', exact: true }).click();
    await page.getByRole('heading', { name: 'Items', exact: true }).waitFor();
    await page.getByLabel('Barcode').fill(barcode(0));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `Imported ${tag} 0`, exact: true }).click();
    await page.getByLabel('Destination code').fill(bin(1));
    await page.getByLabel('Destination code').press('Enter');
    await page.getByText(`${bin(1)} · Bin 1`).waitFor();
    await page.getByRole('button', { name: 'Move here' }).click();
    await page.getByRole('navigation', { name: 'Location path' }).getByRole('link', { name: bin(1) }).waitFor();
    await page.getByText('Moved', { exact: true }).waitFor();
    await screenshot(page, 'item');
    await assertAccessible(page, 'item detail');
  });

  it(`bulk-moves ${SCANNED} items through the scanner flow without the mouse, with each item's outcome`, async function () {
    const before = await admin.ok<{ totalMoves: number }>('GET', `/reports/movements?${lastDays()}`);
    await page.getByRole('link', { name: 'Scan & move' }).click();
    await page.getByRole('heading', { name: 'Scan & move' }).waitFor();
    await page.getByLabel('Scan').focus();
    for (let index = 1; index <= SCANNED; index += 1) await scan(page, barcode(index));
    await page.getByRole('button', { name: `Move ${SCANNED} items` }).waitFor();
    await scan(page, bin(1));
    await page.getByText(`Destination ${bin(1)} · Bin 1: press Enter to move.`).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`${SCANNED} of ${SCANNED} moved to ${bin(1)}`).waitFor();
    assert.equal(await page.getByText('moved', { exact: true }).count(), SCANNED);
    await screenshot(page, 'scan');
    await assertAccessible(page, 'scan');

    // The bin holds them now, and the report counts the moves (the console reads with the bulk move's token).
    await page.goto(`${baseUrl}/locations/${warehouse.binIds[1]}`);
    await page.getByRole('link', { name: `Imported ${tag} ${SCANNED}`, exact: true }).waitFor();
    await page.getByRole('link', { name: 'Reports' }).click();
    const heading = page.getByRole('heading', { name: /^Moves per day \(\d+ in range\)$/ });
    await heading.waitFor();
    const shown = Number((await heading.textContent())!.match(/\((\d+) in range\)/)![1]);
    assert.ok(shown >= before.totalMoves + SCANNED, `the report shows ${shown} moves, at least ${before.totalMoves} + ${SCANNED} expected`);
    await screenshot(page, 'reports');
    await assertAccessible(page, 'reports');
  });

  it('renders a print view of labels whose codes the scanner flow accepts', async function () {
    await page.getByRole('link', { name: 'Labels' }).click();
    await page.getByRole('heading', { name: 'Labels' }).waitFor();
    await page.getByLabel('Location code').fill(bin(1));
    await page.getByLabel('Location code').press('Enter');
    await page.getByRole('img', { name: `Barcode ${barcode(SCANNED)}` }).waitFor();
    assert.equal(await page.getByTestId('label').count(), SCANNED + 1);
    assert.ok(await page.locator('.label-qr svg').count() >= SCANNED + 1, 'every label has its QR code');
    await assertAccessible(page, 'labels');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false, 'printing hides the navigation');
    await screenshot(page, 'labels');
    await page.emulateMedia({ media: 'screen' });
  });

  it('offers a viewer no move, and shows the API\'s own message when a viewer tries anyway', async function () {
    const username = `viewer-${tag.toLowerCase()}`;
    const password = 'Viewer-Passw0rd-1';
    await admin.ok('POST', '/users', { username, email: `${username}@example.test`, password, roles: ['viewer'] });
    const viewer = await (await browser.newContext()).newPage();
    viewer.setDefaultTimeout(WAIT_MS);
    await signIn(viewer, baseUrl, username, password);
    const nav = viewer.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Items' }).waitFor();
    for (const hidden of ['Scan & move', 'Import CSV', 'Users', 'Audit log']) assert.equal(await nav.getByRole('link', { name: hidden }).count(), 0, `${hidden} is not offered`);
    await viewer.goto(`${baseUrl}/items/${(await admin.ok<{ items: { id: string }[] }>('GET', `/items?barcode=${barcode(0)}`)).items[0]!.id}`);
    await viewer.getByRole('heading', { name: `Imported ${tag} 0` }).waitFor();
    assert.equal(await viewer.getByRole('heading', { name: 'Move' }).count(), 0, 'a viewer sees no move action');

    await viewer.goto(`${baseUrl}/scan`);
    await viewer.getByLabel('Scan').focus();
    await scan(viewer, barcode(0));
    await viewer.getByRole('button', { name: 'Move 1 item' }).waitFor();
    await scan(viewer, bin(0));
    await viewer.getByText(`Destination ${bin(0)} · Bin 0: press Enter to move.`).waitFor();
    await viewer.keyboard.press('Enter');
    // The alert says what the gateway's problem envelope says, with its code.
    const asViewer = new ContractClient(baseUrl);
    await asViewer.api.login(username, password);
    const refused = await asViewer.call<{ code: string; title: string; detail?: string }>('POST', '/moves/bulk', { moves: [{ itemId: warehouse.binIds[0], toLocationId: warehouse.binIds[0] }] });
    assert.equal(refused.status, 403);
    const alert = viewer.getByRole('alert');
    await alert.getByText(refused.body.detail ?? refused.body.title).waitFor();
    await alert.getByText(refused.body.code, { exact: true }).waitFor();
  });
});
