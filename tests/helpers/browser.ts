/**
 * Browser tests: a real Strapi serving the built admin (`strapi build` first), the EasyCars sandbox, and Debian's
 * Chromium driven by playwright-core, with the super admin registered.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { chromium, type Locator, type Page } from 'playwright-core';
import { SUPER_ADMIN, registerSuperAdmin } from './admin';
import { freePort } from './net';
import { startSandbox, type Sandbox } from './sandbox';
import { setupStrapi, teardownStrapi } from './strapi';

export const screenshotsDir = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

export interface AdminInBrowser {
  strapi: Core.Strapi;
  sandbox: Sandbox;
  page: Page;
  adminUrl: string;
  /** The super admin's JWT, for setting things up through the admin API. */
  token: string;
  close(): Promise<void>;
}

export async function startAdminInBrowser(): Promise<AdminInBrowser> {
  delete process.env.REDIS_URL;
  const port = await freePort();
  process.env.PORT = String(port);
  const strapi = await setupStrapi();
  // listen() prints Strapi's start-up banner; it says nothing about the test
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await strapi.listen();
  } finally {
    log.mockRestore();
  }
  const token = await registerSuperAdmin(strapi);
  const sandbox = await startSandbox({ port: 0 });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    // as root and without a network: no sandbox, no background connections
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return {
    strapi,
    sandbox,
    page,
    adminUrl: `http://127.0.0.1:${port}/admin`,
    token,
    async close() {
      await context.close();
      await sandbox.close();
      await teardownStrapi();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The admin in a browser for one test file: started before its tests, closed after them. `use` receives the
 * session once it is up (the file keeps the parts it needs in its own variables).
 */
export function withAdminInBrowser(use: (session: AdminInBrowser) => void | Promise<void>, timeout = 180_000): void {
  let session: AdminInBrowser | undefined;
  beforeAll(async () => {
    session = await startAdminInBrowser();
    await use(session);
  }, timeout);
  afterAll(async () => {
    await session?.close();
  }, 60_000);
}

export async function logIn(page: Page, adminUrl: string): Promise<void> {
  await page.goto(`${adminUrl}/auth/login`);
  await page.locator('input[name="email"]').fill(SUPER_ADMIN.email);
  await page.locator('input[name="password"]').fill(SUPER_ADMIN.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
}

/** In the page: what sticks out at either side of the screen, or scrolls sideways inside the main area. */
function pastTheEdges(): string[] {
  const width = document.documentElement.clientWidth;
  const found: string[] = [];
  const name = (el: Element) => {
    const testId = el.getAttribute('data-testid');
    return `${el.tagName.toLowerCase()}${testId ? `[${testId}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  };
  if (document.documentElement.scrollWidth > width) found.push(`the page is ${document.documentElement.scrollWidth}px`);
  for (const el of Array.from(document.querySelectorAll('main *'))) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || style.position === 'fixed') continue;
    if (box.right > width + 1 || box.left < -1) found.push(`${name(el)} spans ${box.left}–${box.right}px`);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden';
    // a table cut off at the right scrolls; text that ends in an ellipsis on purpose does not count
    if (scrolls && style.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)} is ${el.scrollWidth}px wide in ${el.clientWidth}px`);
    }
  }
  return found.slice(0, 5);
}

/**
 * What is wider than the screen, once the layout has settled (charts measure their box again after a resize);
 * empty when everything fits.
 */
export async function overflowing(page: Page): Promise<string[]> {
  await page
    .waitForFunction(`(${pastTheEdges.toString()})().length === 0`, undefined, { timeout: 5_000 })
    .catch(() => undefined);
  return page.evaluate(pastTheEdges);
}

/**
 * A screenshot of the whole page. Strapi scrolls an inner container, so a full-page screenshot shows only the
 * viewport: the window is made as tall as the content for the picture, then put back.
 */
export async function screenshotWhole(page: Page, file: string): Promise<void> {
  const size = page.viewportSize() as { width: number; height: number };
  const twoFrames = () =>
    page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  // the layout settles first (charts lay their legends out again after a resize)
  await twoFrames();
  const height = await page.evaluate(() =>
    Math.max(...Array.from(document.querySelectorAll('main, main *')).map((el) => el.scrollHeight))
  );
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(size.height, height + 120), 8000) });
  // the taller window is laid out and painted
  await twoFrames();
  await page.screenshot({ path: path.join(screenshotsDir, file), animations: 'disabled' });
  await page.setViewportSize(size);
}

/** Waits until the locator shows text matching `text`; on failure, says what it showed instead. */
export async function waitForText(locator: Locator, text: RegExp, timeout = 30_000): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    const shown = (await locator.allTextContents().catch(() => [])).join(' | ');
    throw new Error(`expected ${text} in ${locator}; it shows: "${shown}"\n${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Strapi's own announcement banner would cover the top of the screenshots; it is not part of these pages. */
export async function dismissAdminBanner(page: Page): Promise<void> {
  const banner = page.getByText('Introducing the new Media Library');
  try {
    await banner.waitFor({ timeout: 5_000 });
  } catch {
    return; // not shown by this Strapi version
  }
  await page.getByRole('button', { name: 'Close the banner' }).click();
  await banner.waitFor({ state: 'hidden' });
}
