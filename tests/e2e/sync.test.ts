/**
 * Browser test of starting a sync from EasyCars → Settings → Connections and finding it under EasyCars → Sync runs,
 * against a real Strapi serving the built admin (run `strapi build` first) and the EasyCars sandbox.
 * In-process queue (no REDIS_URL), schedules off.
 */
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { SUPER_ADMIN, http, registerSuperAdmin } from '../helpers/admin';
import { fault, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const appDir = path.resolve(__dirname, '..', '..');
const screenshotsDir = path.join(appDir, 'docs', 'screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the locator shows text matching `text`; on failure, says what it showed instead. */
async function waitForText(locator: Locator, text: RegExp, timeout = 30_000): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    const shown = (await locator.allTextContents().catch(() => [])).join(' | ');
    throw new Error(`expected ${text} in ${locator}; it shows: "${shown}"\n${(error as Error).message}`);
  }
}

let strapi: Core.Strapi;
let sandbox: Sandbox | null = null;
let context: BrowserContext | null = null;
let userDataDir: string | null = null;
let page: Page;
let adminUrl: string;
let token: string;

beforeAll(async () => {
  delete process.env.REDIS_URL;
  const port = await freePort();
  process.env.PORT = String(port);
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'off' });
  // listen() prints Strapi's start-up banner; it says nothing about this test
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await strapi.listen();
  } finally {
    log.mockRestore();
  }
  adminUrl = `http://127.0.0.1:${port}/admin`;
  token = await registerSuperAdmin(strapi);

  sandbox = await startSandbox({ port: 0 });

  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
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
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
}, 180_000);

afterAll(async () => {
  await context?.close();
  await sandbox?.close();
  await teardownStrapi();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
}, 60_000);

const NAME = 'Sandbox dealer';

/** Strapi's own announcement banner would cover the top of the screenshots; it is not part of these pages. */
async function dismissAdminBanner() {
  const banner = page.getByText('Introducing the new Media Library');
  try {
    await banner.waitFor({ timeout: 5_000 });
  } catch {
    return; // not shown by this Strapi version
  }
  await page.getByRole('button', { name: 'Close the banner' }).click();
  await banner.waitFor({ state: 'hidden' });
}

test('an administrator syncs the stock of a connection and finds the run in the history', async () => {
  const vehicles = (await stockOf(sandbox!)) as unknown[];
  expect(vehicles.length).toBeGreaterThan(0);

  // the connection itself is created through the admin API: the connections suite covers the form
  const created = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${token}`)
    .send(sandboxConnection(sandbox!, { name: NAME }));
  expect(created.status).toBe(201);

  // log in
  await page.goto(`${adminUrl}/auth/login`);
  await page.locator('input[name="email"]').fill(SUPER_ADMIN.email);
  await page.locator('input[name="password"]').fill(SUPER_ADMIN.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });

  // before any sync, the runs page says where to start one
  await page.goto(`${adminUrl}/plugins/easycars/runs`);
  await page.getByRole('heading', { name: 'Sync runs' }).waitFor();
  await dismissAdminBanner();
  await page.getByText('No sync has run yet — start one from Settings → Connections').waitFor();

  // Sync stock on the connection's row: progress in place, then the outcome with the created count
  await page.getByRole('link', { name: 'Go to Connections' }).click();
  await page.waitForURL(/\/admin\/plugins\/easycars\/settings\/connections$/);
  await page.getByRole('heading', { name: 'Connections' }).waitFor();
  const list = page.getByTestId('connections-list');
  await waitForText(list, new RegExp(NAME));
  // a slow EasyCars keeps the run going long enough to watch it
  await fault(sandbox!, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 6000 });
  await list.getByRole('button', { name: `Sync stock of “${NAME}”` }).click();
  const stock = list.locator('[data-sync-kind="stock"]');
  await waitForText(stock, /Running \d+% — Fetching stock from EasyCars/);

  // after a reload the page no longer follows the run; pressing the button again joins it instead of failing
  await page.reload();
  await waitForText(page.getByTestId('connections-list'), new RegExp(NAME));
  await list.getByRole('button', { name: `Sync stock of “${NAME}”` }).click();
  await waitForText(stock, /Already in progress \(run \d+\): Running/);
  await list.locator('[data-sync-kind="stock"][data-sync-state="succeeded"]').waitFor({ timeout: 60_000 });
  await waitForText(stock, /Succeeded/);
  await waitForText(stock, new RegExp(`${vehicles.length} created, 0 updated, 0 unlisted`));
  await page.screenshot({ path: path.join(screenshotsDir, 'connections-sync.png'), fullPage: true });

  // the run is listed as succeeded, started by this user
  await page.getByRole('link', { name: 'Sync runs' }).click();
  await page.getByRole('heading', { name: 'Sync runs' }).waitFor();
  const runs = page.getByTestId('runs-list');
  await waitForText(runs, new RegExp(NAME));
  const row = runs.locator('[data-status="succeeded"]').first();
  await waitForText(row, new RegExp(`${vehicles.length} created, 0 updated, 0 unlisted`));
  await waitForText(row, /Stock/);
  await waitForText(row, /Manual/);
  await waitForText(row, new RegExp(SUPER_ADMIN.email));
  await waitForText(row, /Succeeded/);
  await page.getByTestId('runs-page-info').filter({ hasText: 'Page 1 of 1 · 1 run' }).waitFor();

  // filtering by a status the run does not have empties the list, and clearing the filter brings it back
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Failed' }).click();
  await page.getByText('No sync run matches these filters').waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForText(page.getByTestId('runs-list'), new RegExp(NAME));
  await page.screenshot({ path: path.join(screenshotsDir, 'runs.png'), fullPage: true });

  // a phone-wide screen shows one card per run
  await page.setViewportSize({ width: 375, height: 900 });
  await waitForText(page.getByTestId('runs-list'), /Succeeded/);
  await page.screenshot({ path: path.join(screenshotsDir, 'runs-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}, 240_000);
