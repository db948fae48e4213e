/**
 * Browser test of EasyCars → Settings → Connections against a real Strapi serving the built admin
 * (run `strapi build` first) and the EasyCars sandbox: add a connection, test it, see a rejected
 * secret reported, edit and delete it.
 */
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { SUPER_ADMIN, registerSuperAdmin } from '../helpers/admin';
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

beforeAll(async () => {
  const port = await freePort();
  process.env.PORT = String(port);
  strapi = await setupStrapi();
  // listen() prints Strapi's start-up banner; it says nothing about this test
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await strapi.listen();
  } finally {
    log.mockRestore();
  }
  adminUrl = `http://127.0.0.1:${port}/admin`;
  await registerSuperAdmin(strapi);

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
const testResult = () => page.getByTestId('connection-test-result');
const dialog = () => page.getByRole('dialog');

async function fillConnectionForm(fields: {
  name: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  accountNumber: string;
  accountSecret: string;
}) {
  const form = dialog();
  await form.getByLabel('Name').fill(fields.name);
  await form.getByLabel('Base URL override').fill(fields.baseUrl);
  await form.getByLabel('Client ID').fill(fields.clientId);
  await form.getByLabel('Client secret').fill(fields.clientSecret);
  await form.getByLabel('Account number').fill(fields.accountNumber);
  await form.getByLabel('Account secret').fill(fields.accountSecret);
}

/** Strapi's own announcement banner would cover the top of the screenshots; it is not part of this page. */
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

/** Toasts fade on their own; waiting keeps them out of the screenshots. */
async function waitForToastToGo(text: string) {
  await page.getByText(text).first().waitFor({ state: 'hidden', timeout: 15_000 });
}

test('an administrator adds, tests, edits and deletes an EasyCars connection', async () => {
  const demo = sandbox!.demo;

  // log in
  await page.goto(`${adminUrl}/auth/login`);
  await page.locator('input[name="email"]').fill(SUPER_ADMIN.email);
  await page.locator('input[name="password"]').fill(SUPER_ADMIN.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });

  // EasyCars in the main menu opens Settings → Connections
  await page.getByRole('link', { name: 'EasyCars' }).first().click();
  await page.waitForURL(/\/admin\/plugins\/easycars\/settings\/connections$/);
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('heading', { name: 'Connections' }).waitFor();
  await dismissAdminBanner();

  // empty state, with what to do next
  await page.getByText('No EasyCars connection yet — add your EasyCars account to start syncing').waitFor();
  await page.getByRole('button', { name: 'Add connection' }).click();

  // client-side checks of the shared schema, before anything is sent
  await dialog().getByRole('button', { name: 'Save' }).click();
  await waitForText(dialog(), /Name is required/);
  await waitForText(dialog(), /Client secret is required/);

  // the credentials are password inputs
  for (const label of ['Client ID', 'Client secret', 'Account number', 'Account secret']) {
    expect(await dialog().getByLabel(label).getAttribute('type')).toBe('password');
  }

  await fillConnectionForm({
    name: NAME,
    baseUrl: sandbox!.url,
    clientId: demo.ClientID,
    clientSecret: demo.ClientSecret,
    accountNumber: demo.AccountNumber,
    accountSecret: demo.AccountSecret,
  });

  // test the unsaved settings from the form
  await dialog().getByRole('button', { name: 'Test connection' }).click();
  await waitForText(testResult(), /Connected to EasyCars in \d+ ms/);
  expect(await testResult().getAttribute('data-variant')).toBe('success');

  // save: the list replaces the empty state
  await dialog().getByRole('button', { name: 'Save' }).click();
  await dialog().waitFor({ state: 'detached' });
  const list = page.getByTestId('connections-list');
  await waitForText(list, new RegExp(NAME));
  await waitForText(list, /Not tested yet/);

  // test the saved connection from its row; the list remembers the outcome
  await list.getByRole('button', { name: `Test “${NAME}”` }).click();
  await waitForText(testResult(), /Connected to EasyCars in \d+ ms/);
  await waitForText(list, /Passed/);

  await waitForToastToGo(`Connection “${NAME}” added`);
  await page.screenshot({ path: path.join(screenshotsDir, 'connections.png'), fullPage: true });

  // a phone-wide screen shows cards that still carry the actions; the admin scrolls inside its own
  // container, so the viewport is made tall enough to hold the whole card
  await page.setViewportSize({ width: 375, height: 900 });
  await waitForText(page.getByTestId('connections-list'), new RegExp(NAME));
  await page.getByRole('button', { name: `Edit “${NAME}”` }).waitFor();
  await page.screenshot({ path: path.join(screenshotsDir, 'connections-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // a wrong Client secret is reported, not saved
  await page.getByRole('button', { name: 'Add connection' }).click();
  await fillConnectionForm({
    name: 'Wrong secret',
    baseUrl: sandbox!.url,
    clientId: demo.ClientID,
    clientSecret: `${demo.ClientSecret}-wrong`,
    accountNumber: demo.AccountNumber,
    accountSecret: demo.AccountSecret,
  });
  await dialog().getByRole('button', { name: 'Test connection' }).click();
  await waitForText(testResult(), /rejected/i);
  expect(await testResult().getAttribute('data-variant')).toBe('danger');
  await dialog().getByRole('button', { name: 'Cancel' }).click();
  await dialog().waitFor({ state: 'detached' });

  // edit: credentials start blank; blank means "keep" and the test uses the saved ones
  await page.getByRole('button', { name: `Edit “${NAME}”` }).click();
  expect(await dialog().getByLabel('Client secret').inputValue()).toBe('');
  await dialog().getByText('Leave blank to keep the saved value').first().waitFor();
  await dialog().getByRole('button', { name: 'Test connection' }).click();
  await waitForText(testResult(), /Connected to EasyCars/);

  // a bad schedule is shown under its field (the server checks the same schema)
  await dialog().getByLabel('Stock schedule').fill('every hour');
  await dialog().getByRole('button', { name: 'Save' }).click();
  await waitForText(dialog(), /Stock schedule must be a cron expression/);
  await dialog().getByLabel('Stock schedule').fill('0 * * * *');
  await dialog().getByRole('button', { name: 'Save' }).click();
  await dialog().waitFor({ state: 'detached' });

  // delete, after a confirmation that says what stops and what stays
  await page.getByRole('button', { name: `Delete “${NAME}”` }).click();
  const confirm = page.getByRole('alertdialog');
  await waitForText(
    confirm,
    new RegExp(`Delete “${NAME}”\\? Syncing with this EasyCars account stops\\. Vehicles and leads already on the site are kept\\.`)
  );
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No EasyCars connection yet — add your EasyCars account to start syncing').waitFor();
}, 240_000);
