/**
 * Browser test of starting a sync from EasyCars → Settings → Connections and finding it under EasyCars → Sync History,
 * against a real Strapi serving the built admin (run `strapi build` first) and the EasyCars sandbox.
 * In-process queue (no REDIS_URL), schedules off.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { SUPER_ADMIN, http } from '../helpers/admin';
import { fault, sandboxConnection, stockOf } from '../helpers/sandbox';
import { dismissAdminBanner, logIn, screenshotsDir, withAdminInBrowser, waitForText } from '../helpers/browser';
import type { Sandbox } from '../helpers/sandbox';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;

withAdminInBrowser((session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
});

const NAME = 'Sandbox dealer';

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
  await logIn(page, adminUrl);

  // before any sync, the history offers to run the first one
  await page.goto(`${adminUrl}/plugins/easycars/runs`);
  await page.getByRole('heading', { name: 'Sync History' }).waitFor();
  await dismissAdminBanner(page);
  await page.getByText(/^No syncs found — run the first one/).waitFor();
  await page.getByRole('button', { name: 'Run the first sync' }).waitFor();

  // Sync stock on the connection's row: progress in place, then the outcome with the created count
  await page.getByRole('link', { name: 'Connections' }).click();
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
  await page.getByRole('link', { name: 'Sync History' }).click();
  await page.getByRole('heading', { name: 'Sync History' }).waitFor();
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
  await page.getByText('No syncs found — no run matches these filters').waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await waitForText(page.getByTestId('runs-list'), new RegExp(NAME));

  // a phone-wide screen shows one card per run
  await page.setViewportSize({ width: 375, height: 900 });
  await waitForText(page.getByTestId('runs-list'), /Succeeded/);
  await page.setViewportSize({ width: 1440, height: 900 });
}, 240_000);
