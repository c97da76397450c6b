import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`), or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(`no Chromium at ${candidate}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH; the console's browser tests need it`);
  }
  return candidate;
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });

const repoScreenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

/** Screenshots go to docs/screenshots with SCREENSHOTS=1 (for the README), else to a temporary folder. */
export function screenshotDir(): string {
  const dir = process.env.SCREENSHOTS === '1' ? repoScreenshots : path.join(os.tmpdir(), 'inventory-console-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage: false });
}
