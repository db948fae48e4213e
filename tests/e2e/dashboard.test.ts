/**
 * Browser test of the EasyCars Integration Dashboard and the Home page widget, against a real Strapi serving the
 * built admin, the EasyCars sandbox and real syncs. In-process queue (no REDIS_URL), schedules off. Screenshots go to
 * docs/screenshots/.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { http } from '../helpers/admin';
import { control, fault, sandboxConnection, stockOf, type Sandbox } from '../helpers/sandbox';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotsDir,
  screenshotWhole,
  withAdminInBrowser,
  waitForText,
} from '../helpers/browser';
import { setLeadSettings, stockVehicleOf } from '../helpers/lead-runs';
import { waitForStatus } from '../queue/helpers';

const NAME = 'Sandbox dealer';
const RUN = 'plugin::easycars.sync-run';
const DAY_MS = 86_400_000;

let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;
let connectionId: string;

const api = () => http(strapi);

async function syncNow(kind: 'stock' | 'lead') {
  const res = await api().post('/easycars/sync').set('Authorization', `Bearer ${token}`).send({ connectionId, kind });
  expect(res.status).toBe(202);
  return waitForStatus(strapi, res.body.data.id, ['succeeded', 'partial', 'failed', 'interrupted'], 60_000);
}

withAdminInBrowser(async (session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
  setLeadSettings(strapi, {});
  const created = await api()
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${token}`)
    .send(sandboxConnection(sandbox, { name: NAME }));
  expect(created.status).toBe(201);
  connectionId = created.body.data.id;

  // three days ago a stock sync failed; today one succeeded, and a lead run sent one lead and failed another
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 10 });
  const failed = await syncNow('stock');
  expect(failed.status).toBe('failed');
  const threeDaysAgo = new Date(Date.now() - 3 * DAY_MS);
  await strapi.db
    .query(RUN as any)
    .update({ where: { id: failed.id }, data: { queuedAt: threeDaysAgo, startedAt: threeDaysAgo } });
  await control(sandbox, 'DELETE', '/faults');
  expect((await syncNow('stock')).status).toBe('succeeded');

  const item = ((await stockOf(sandbox)) as any[]).find((i) => String(i.StockNumber).trim().length <= 20);
  for (const name of ['Refused', 'Fine']) {
    const res = await api()
      .post('/api/leads')
      .send({
        data: { name, email: `${name.toLowerCase()}@example.com`, vehicle: await stockVehicleOf(strapi, item) },
      });
    expect(res.status).toBe(201);
  }
  await fault(sandbox, {
    endpoint: 'CreateLead',
    type: 'code',
    code: 7,
    message: 'VehicleModel exceeds 50 characters',
  });
  expect((await syncNow('lead')).status).toBe('partial');
}, 240_000);

test('the Home page widget shows both syncs and leads to the dashboard', async () => {
  await logIn(page, adminUrl);
  await page.goto(adminUrl);
  await dismissAdminBanner(page);
  const widget = page.getByTestId('easycars-health-widget');
  await widget.waitFor();
  await waitForText(widget.locator('[data-kind="stock"]'), /Stock sync[\s\S]*Succeeded/);
  await waitForText(widget.locator('[data-kind="lead"]'), /Lead sync[\s\S]*Partial/);
  await waitForText(widget, /1 alert needs attention/);
  const box = widget.locator('xpath=ancestor::*[.//*[contains(text(), "EasyCars sync health")]][1]');
  await box.scrollIntoViewIfNeeded();
  await box.screenshot({ path: path.join(screenshotsDir, 'home-widget.png') });

  await box.getByRole('link', { name: /Open the dashboard/ }).click();
  await page.waitForURL(/\/admin\/plugins\/easycars$/);
  await page.getByRole('heading', { name: 'EasyCars Integration Dashboard' }).waitFor();
}, 120_000);

test('the dashboard shows the cards, alerts, stats and the 30-day trend', async () => {
  await page.goto(`${adminUrl}/plugins/easycars`);
  await page.getByRole('heading', { name: 'EasyCars Integration Dashboard' }).waitFor();

  const stock = page.locator('[data-testid="status-card"][data-kind="stock"]');
  const lead = page.locator('[data-testid="status-card"][data-kind="lead"]');
  await expect(stock.getAttribute('data-state')).resolves.toBe('succeeded');
  await expect(lead.getAttribute('data-state')).resolves.toBe('partial');
  const feed = ((await stockOf(sandbox)) as unknown[]).length;
  await waitForText(stock, new RegExp(`${feed} created, 0 updated, 0 unlisted`));
  await waitForText(stock, /Schedules are off on this server/);
  await waitForText(lead, /1 sent, 0 updated, 1 failed/);
  await stock.getByRole('link', { name: /View run \d+/ }).waitFor();

  const alerts = page.getByTestId('dashboard-alerts');
  await waitForText(alerts, /1 lead of “Sandbox dealer” could not be sent to EasyCars/);
  const leadsLink = alerts.getByRole('link', { name: 'View the failed leads' });
  expect(await leadsLink.getAttribute('href')).toMatch(
    /^\/admin\/content-manager\/collection-types\/api::lead\.lead\?filters\[\$and\]\[0\]\[pushStatus\]\[\$eq\]=failed/
  );

  const stats = page.getByTestId('quick-stats');
  await waitForText(stats.locator('[data-stat="Synced vehicles"]'), new RegExp(`${feed} listed`));
  await waitForText(stats.locator('[data-stat="Synced leads"]'), /1 sent to EasyCars[\s\S]*1 failed/);
  await waitForText(stats.locator('[data-stat="Connections"]'), /1 credentials OK/);
  await waitForText(page.getByTestId('dashboard-updated'), /Updated \d+ seconds? ago/);

  // the stock chart: a bar for each of its two days with runs, a grey dot for each of the 28 without
  const chart = page.getByTestId('trend-stock');
  await chart.locator('svg.recharts-surface').first().waitFor();
  await expect(chart.locator('.recharts-bar-rectangle path').count()).resolves.toBe(2);
  await expect(chart.locator('.recharts-line-dots').last().locator('circle').count()).resolves.toBe(28);
  await waitForText(chart, /2 runs in 30 days, 50% succeeded in full/);
  await expect(page.getByTestId('trend-lead').locator('.recharts-bar-rectangle path').count()).resolves.toBe(1);

  await screenshotWhole(page, 'dashboard.png');
  await page.setViewportSize({ width: 1440, height: 900 });
}, 120_000);

test('a quick action starts a sync and shows it live; a second start explains the run already going', async () => {
  await page.goto(`${adminUrl}/plugins/easycars`);
  const stock = page.locator('[data-testid="status-card"][data-kind="stock"]');
  await stock.waitFor();
  // a slow EasyCars keeps the run going long enough to watch it
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 6000 });
  await stock.getByRole('button', { name: `Sync Stock Now of “${NAME}”` }).click();
  const action = stock.locator('[data-sync-kind="stock"]');
  await waitForText(action, /Running \d+% — Fetching stock from EasyCars/);
  // the card itself follows the run, polled faster while it is active
  await page.locator('[data-testid="status-card"][data-kind="stock"][data-state="running"]').waitFor();
  await waitForText(stock.getByTestId('card-state'), /Running \d+%/);
  await stock.locator('[data-sync-kind="stock"][data-sync-state="succeeded"]').waitFor({ timeout: 60_000 });
  await waitForText(action, /Succeeded/);
  // and so does the card, at its next refresh
  await page.locator('[data-testid="status-card"][data-kind="stock"][data-state="succeeded"]').waitFor();

  // after a reload the page no longer follows a run; starting again while one runs says so and links to it
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 20_000 });
  await stock.getByRole('button', { name: `Sync Stock Now of “${NAME}”` }).click();
  await waitForText(action, /Running/);
  await page.reload();
  await stock.getByRole('button', { name: `Sync Stock Now of “${NAME}”` }).click();
  await waitForText(action, /A stock sync is already running — view it/);
  const viewIt = action.getByRole('link', { name: 'view it' });
  expect(await viewIt.getAttribute('href', { timeout: 5_000 })).toMatch(/^\/admin\/plugins\/easycars\/runs\/\d+$/);
  await stock.locator('[data-sync-kind="stock"][data-sync-state="succeeded"]').waitFor({ timeout: 60_000 });
}, 180_000);

test('no horizontal overflow on phones, tablets and desktops', async () => {
  await page.goto(`${adminUrl}/plugins/easycars`);
  await page.locator('[data-testid="status-card"]').first().waitFor();
  await page.getByTestId('trend-stock').locator('svg.recharts-surface').first().waitFor();
  for (const width of [390, 768, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    expect([width, await overflowing(page)]).toEqual([width, []]);
  }
  await page.setViewportSize({ width: 390, height: 900 });
  await screenshotWhole(page, 'dashboard-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });
}, 120_000);
