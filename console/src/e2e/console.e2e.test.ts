import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { buildWarehouse, ContractClient, registerItem, waitForReadSide, type Warehouse } from '@inventory/e2e';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import Papa from 'papaparse';
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

/** Waits, without a fixed sleep, until `check` holds (the page or the API shows what the step needs). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const DAY_MS = 86_400_000;
/** Yesterday to tomorrow: inside the reports screen's default range (the last two weeks up to tomorrow). */
const lastDays = () => `from=${new Date(Date.now() - DAY_MS).toISOString()}&to=${new Date(Date.now() + DAY_MS).toISOString()}`;

const IMPORTED = 200;
/** How long a step may wait for the page (Playwright's default is 30 s). */
const WAIT_MS = 120_000;
const SCANNED = 20;
/** Enough location types with items that the counts legend outgrows its chart (a full test run had 27 and more). */
const LEGEND_LOCATION_TYPES = 30;
const VIEWER_PASSWORD = 'Viewer-Passw0rd-1';

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
  let childId: string;
  let parentId: string;
  /** A whole second at which bin 1 existed and held nothing (every move into it comes later). */
  let bin1EmptyAt: Date;
  const bin = (index: number) => `${tag}-B${index}`;
  const barcode = (index: number) => `${tag}-IMP-${index}`;
  const viewerName = () => `viewer-${tag.toLowerCase()}`;

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
    // Location types holding items, enough for the counts chart's legend to wrap to many rows (as on a real site).
    for (let n = 0; n < LEGEND_LOCATION_TYPES; n += 1) {
      const shelfType = await admin.ok<{ locationType: { id: string } }>('POST', '/location-types', { name: `Shelf ${n} ${tag}` });
      const shelf = await admin.ok<{ location: { id: string } }>('POST', '/locations', { code: `${tag}-S${n}`, name: `Shelf ${n}`, locationTypeId: shelfType.locationType.id });
      const filler = await registerItem(admin, warehouse.palletTypeId, 'PARENT', `Filler ${n} ${tag}`, shelf.location.id);
      if (n === LEGEND_LOCATION_TYPES - 1) await waitForReadSide(admin, '/reports/counts', filler.consistencyToken);
    }
    itemName = `Laptop ${tag}`;
    const item = await registerItem(admin, warehouse.laptopTypeId, 'CHILD', itemName, warehouse.binIds[0]!);
    childId = item.item.id;
    parentId = (await registerItem(admin, warehouse.palletTypeId, 'PARENT', `Pallet ${tag}`, warehouse.binIds[0]!)).item.id;
    bin1EmptyAt = new Date(Math.ceil(Date.now() / 1000) * 1000);
    await until(async () => Date.now() > bin1EmptyAt.getTime(), 'the clock passes the empty moment');
    await waitForReadSide(admin, `/items/${item.item.id}`, item.consistencyToken);
    await waitForReadSide(admin, `/reports/movements?${lastDays()}`, item.consistencyToken);
    // UTC: the date-time fields take UTC wall-clock time, which the test writes from ISO instants.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' })).newPage();
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
    // The warehouse holds nothing directly; with its sub-locations it holds the bin's item.
    await page.getByRole('link', { name: `${tag}-W · Main warehouse` }).click();
    await page.getByRole('heading', { name: `${tag}-W · Main warehouse` }).waitFor();
    await page.getByText('Nothing here.').waitFor();
    await page.getByText('With sub-locations', { exact: true }).click();
    await page.getByRole('link', { name: itemName }).waitFor();
    await page.getByRole('link', { name: `${bin(0)} · Bin 0` }).click();
    await page.getByRole('heading', { name: `${bin(0)} · Bin 0` }).waitFor();
    await page.getByRole('link', { name: itemName }).waitFor();
    await screenshot(page, 'locations');
    await assertAccessible(page, 'locations');
  });

  it(`imports a CSV of ${IMPORTED} items (one bulk request) and shows each row's outcome, bad rows with their line`, async function () {
    const lines = [
      'name,item type,location,barcode',
      ...Array.from({ length: IMPORTED }, (_, index) => `Imported ${tag} ${index},Laptop ${tag},${bin(0)},${barcode(index)}`),
      // Line 202: refused before sending (no such location); line 203: sent, and refused by the API (its barcode is line 2's).
      `Nowhere ${tag},Laptop ${tag},${tag}-NOWHERE,${tag}-NOWHERE-1`,
      `Twin ${tag},Laptop ${tag},${bin(0)},${barcode(0)}`,
    ];
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { name: 'Import items from CSV' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.getByText(`${IMPORTED + 2} rows read.`).waitFor();
    await page.getByRole('button', { name: 'Check rows' }).click();
    await page.getByRole('button', { name: `Import ${IMPORTED + 1} valid rows` }).waitFor();
    await page.getByText('1 row has errors and will not be imported').waitFor();
    await page.getByRole('row', { name: `202 no location with code "${tag}-NOWHERE"` }).waitFor();
    await page.getByRole('button', { name: `Import ${IMPORTED + 1} valid rows` }).click();
    const outcome = page.getByRole('status').filter({ hasText: `${IMPORTED} registered, 1 rejected` });
    await outcome.waitFor();
    await outcome.getByText('line 203:', { exact: false }).getByText('DUPLICATE_BARCODE', { exact: true }).waitFor();
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

  it('assigns a child to a parent and releases it, each in the history', async function () {
    await page.goto(`${baseUrl}/items/${childId}`);
    await page.getByRole('heading', { name: itemName }).waitFor();
    await page.getByLabel('Parent\'s barcode or serial').fill(parentId);
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('link', { name: 'its parent' }).waitFor();
    await page.getByText('Assigned to a parent', { exact: true }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Move' }).count(), 0, 'an assigned child is not moved on its own');
    // The parent lists it among its children.
    await page.getByRole('link', { name: 'its parent' }).click();
    await page.getByRole('heading', { name: `Pallet ${tag}` }).waitFor();
    await page.getByRole('region', { name: 'Assigned children' }).getByRole('link', { name: itemName }).click();
    await page.getByRole('heading', { name: itemName }).waitFor();
    await page.getByRole('button', { name: 'Release' }).click();
    await page.getByText('Released from its parent', { exact: true }).waitFor();
    await page.getByLabel('Parent\'s barcode or serial').waitFor();
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
    const countsPanel = page.getByRole('region', { name: 'Items by item type × location type' });
    const downloaded = page.waitForEvent('download').catch(async (error: unknown) => { throw new Error(`${String(error)}; the page's alerts: ${JSON.stringify(await page.getByRole('alert').allTextContents())}`); });
    const [counts] = await Promise.all([downloaded, countsPanel.getByRole('button', { name: 'Download CSV' }).click()]);
    const countsCsv = await readFile(await counts.path(), 'utf8');
    assert.equal(countsCsv.slice(0, countsCsv.indexOf('\n')), 'itemTypeId,locationTypeId,itemCount', 'the counts report as CSV');
    await screenshot(page, 'reports');
    await assertAccessible(page, 'reports');
  });

  it('shows what a location held at a past moment next to what it holds now', async function () {
    await page.goto(`${baseUrl}/locations/${warehouse.binIds[1]}`);
    await page.getByRole('link', { name: `Imported ${tag} ${SCANNED}`, exact: true }).waitFor();
    await page.getByLabel('What was here at…').fill(bin1EmptyAt.toISOString().slice(0, 19));
    await page.getByText('Nothing here.').waitFor();
    await page.getByRole('button', { name: 'Now' }).click();
    await page.getByRole('link', { name: `Imported ${tag} ${SCANNED}`, exact: true }).waitFor();
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

  it('exports the search\'s matches as CSV through the API\'s export', async function () {
    await page.getByRole('link', { name: 'Items', exact: true }).click();
    await page.getByRole('heading', { name: 'Items', exact: true }).waitFor();
    await page.getByLabel('Location code').fill(bin(1));
    await page.getByLabel('Location code').press('Enter');
    await page.getByText(`${bin(1)} · Bin 1`).waitFor();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `Imported ${tag} ${SCANNED}`, exact: true }).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(file.suggestedFilename(), 'items.csv');
    const rows = Papa.parse<Record<string, string>>(await readFile(await file.path(), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const listed = await admin.ok<{ items: { id: string; name: string }[] }>('GET', `/items?location=${warehouse.binIds[1]}&limit=500`);
    assert.deepEqual(rows.map((row) => [row.id, row.name]), listed.items.map((item) => [item.id, item.name]), 'the file holds what the list holds');
    assert.equal(rows.length, SCANNED + 1);
  });

  it('changes and deletes types and locations, and shows the API\'s refusal next to the action', async function () {
    await page.getByRole('link', { name: 'Types & locations' }).click();
    await page.getByRole('heading', { name: 'Types & locations' }).waitFor();
    const spare = `Spare ${tag}`;
    const itemTypes = page.getByRole('region', { name: 'Item types' });
    /** The item types list shows only this name (exact; the list is paged, other runs' types are many). */
    const findItemType = async (name: string) => {
      await itemTypes.getByLabel('Find item type by name').fill(name);
      await itemTypes.getByRole('button', { name: 'Find' }).click();
    };
    await itemTypes.getByRole('textbox', { name: 'New item type' }).fill(spare);
    await itemTypes.getByRole('form', { name: 'New item type' }).getByRole('button', { name: 'Add' }).click();
    await findItemType(spare);
    await itemTypes.getByRole('button', { name: `Edit item type ${spare}` }).click();
    const edit = itemTypes.getByRole('form', { name: `Edit item type ${spare}` });
    await edit.getByLabel('Name').fill(`${spare} renamed`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await itemTypes.getByText(`No item type is named ${spare}.`).waitFor();
    await findItemType(`${spare} renamed`);
    await itemTypes.getByRole('button', { name: `Delete item type ${spare} renamed` }).click();
    await itemTypes.getByRole('button', { name: 'Yes, delete' }).click();
    await itemTypes.getByText(`No item type is named ${spare} renamed.`).waitFor();
    // A type items still have: the API refuses, and the refusal stands next to the action, with its code.
    await findItemType(`Laptop ${tag}`);
    await itemTypes.getByRole('button', { name: `Delete item type Laptop ${tag}` }).click();
    await itemTypes.getByRole('button', { name: 'Yes, delete' }).click();
    await itemTypes.getByRole('alert').filter({ hasText: `item type Laptop ${tag} not deleted` }).getByText('HAS_DEPENDANTS', { exact: true }).waitFor();
    await screenshot(page, 'catalog');
    await assertAccessible(page, 'types & locations');

    await page.goto(`${baseUrl}/locations/${warehouse.binIds[1]}`);
    await page.getByRole('button', { name: 'Manage location' }).click();
    const location = page.getByRole('form', { name: `Edit location ${bin(1)}` });
    await location.getByLabel('Name').fill('Bin one');
    await location.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: `${bin(1)} · Bin one` }).waitFor();
    await page.getByRole('button', { name: `Delete location ${bin(1)}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('alert').filter({ hasText: `location ${bin(1)} not deleted` }).getByText('HAS_DEPENDANTS', { exact: true }).waitFor();
    await assertAccessible(page, 'location management');
  });

  it('renews an access token the API refuses, silently, and the screen loads', async function () {
    await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem('inventory.session')!) as { accessToken: string };
      sessionStorage.setItem('inventory.session', JSON.stringify({ ...stored, accessToken: 'no-longer-valid' }));
    });
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // The navigation shows once /users/me answered: with the refused token, then renewed, then sent again.
    const renewed = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('inventory.session')!) as { accessToken: string }).accessToken);
    assert.notEqual(renewed, 'no-longer-valid', 'the session holds a renewed token');
  });

  it('registers the viewer on the users screen', async function () {
    await page.getByRole('link', { name: 'Users' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill(viewerName());
    await form.getByLabel('Email').fill(`${viewerName()}@example.test`);
    await form.getByLabel('Password (12+ characters)').fill(VIEWER_PASSWORD);
    await form.getByRole('button', { name: 'Create' }).click();
    // The form empties once the user is registered (the list is paged by id: the new user may be on any page).
    await until(async () => (await form.getByLabel('Username').inputValue()) === '', 'the user is registered');
    assert.equal(await form.getByRole('alert').count(), 0);
  });

  it('filters the audit log by action', async function () {
    // The gateway writes audit entries in the background: wait until the move is recorded.
    await until(async () => (await admin.ok<{ items: unknown[] }>('GET', '/audit?action=moveItem&limit=1')).items.length > 0, 'the move is in the audit log');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('moveItem');
    await page.getByRole('button', { name: 'Filter' }).click();
    const actions = page.locator('tbody tr td:nth-child(3)');
    await until(async () => {
      const shown = await actions.allTextContents();
      return shown.length > 0 && shown.every((action) => action === 'moveItem');
    }, 'only moveItem entries are listed');
    await assertAccessible(page, 'audit log');
  });

  it('says in plain words when the server cannot be reached, and recovers', async function () {
    await page.context().setOffline(true);
    await page.getByRole('link', { name: 'Items', exact: true }).click();
    await page.getByRole('alert').getByText('The server cannot be reached', { exact: false }).first().waitFor();
    await page.context().setOffline(false);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'the alert goes once the list loads');
  });

  it('offers a viewer no move, and shows the API\'s own message when a viewer tries anyway', async function () {
    // Registered by the admin on the users screen (the new user's role is viewer unless chosen otherwise).
    const username = viewerName();
    const password = VIEWER_PASSWORD;
    const viewer = await (await browser.newContext()).newPage();
    viewer.setDefaultTimeout(WAIT_MS);
    await signIn(viewer, baseUrl, username, password);
    const nav = viewer.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Items' }).waitFor();
    for (const hidden of ['Scan & move', 'Import CSV', 'Users', 'Audit log']) assert.equal(await nav.getByRole('link', { name: hidden }).count(), 0, `${hidden} is not offered`);
    await viewer.goto(`${baseUrl}/items/${(await admin.ok<{ items: { id: string }[] }>('GET', `/items?barcode=${barcode(0)}`)).items[0]!.id}`);
    await viewer.getByRole('heading', { name: `Imported ${tag} 0` }).waitFor();
    assert.equal(await viewer.getByRole('heading', { name: 'Move' }).count(), 0, 'a viewer sees no move action');
    await viewer.goto(`${baseUrl}/catalog`);
    await viewer.getByLabel('Find item type by name').fill(`Laptop ${tag}`);
    await viewer.getByRole('region', { name: 'Item types' }).getByRole('button', { name: 'Find' }).click();
    await viewer.getByRole('cell', { name: `Laptop ${tag}`, exact: true }).waitFor();
    assert.deepEqual(await Promise.all(['Add', 'Edit', 'Delete'].map((name) => viewer.getByRole('button', { name }).count())), [0, 0, 0], 'a viewer is offered no catalog change');
    await viewer.goto(`${baseUrl}/locations/${warehouse.binIds[0]}`);
    await viewer.getByRole('heading', { name: `${bin(0)} · Bin 0` }).waitFor();
    assert.equal(await viewer.getByRole('button', { name: 'Manage location' }).count(), 0, 'nor a location change');

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

    await viewer.getByRole('button', { name: 'Sign out' }).click();
    await viewer.getByLabel('Username').waitFor();
    await viewer.reload();
    await viewer.getByLabel('Username').waitFor();
  });
});
