/**
 * Browser test of EasyCars → Performance, against a real Strapi serving the built admin, the EasyCars sandbox and
 * real stock syncs (one throttled by a sandbox 429 with Retry-After, one failing): each chart draws what the runs
 * recorded, the range picker is kept in the address, the "now" panel follows a run while it goes, and nothing is
 * wider than a phone, a tablet or a desktop screen. Screenshots go to docs/screenshots/.
 */
import type { Core } from '@strapi/strapi';
import type { Locator, Page } from 'playwright-core';
import { metricsTick } from '../../plugins/easycars/server/src/monitoring/job';
import { recorderOf } from '../../plugins/easycars/server/src/monitoring/recorder';
import { adminApi } from '../helpers/admin';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotWhole,
  withAdminInBrowser,
  waitForText,
} from '../helpers/browser';
import { control, fault, sandboxConnection, type Sandbox } from '../helpers/sandbox';
import { stockRun } from '../helpers/stock-runs';
import { waitForStatus } from '../queue/helpers';

const NAME = 'Sandbox dealer';
const EMPTY = 'No runs in this range yet — start a sync';
const CHARTS = ['sync-duration', 'success-rate', 'records-per-minute', 'api-latency', 'api-errors', 'throttle-wait'];
const METRICS_REQUEST = /\/easycars\/metrics\?/;

let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;
let connectionId: string;

const chart = (id: string) => page.getByTestId(`chart-${id}`);
const legendOf = (locator: Locator) => locator.locator('.recharts-legend-item-text').allTextContents();
const openPage = (query = '') => page.goto(`${adminUrl}/plugins/easycars/performance${query}`);

withAdminInBrowser(async (session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
  const created = await adminApi(strapi, token).post('/connections', sandboxConnection(sandbox, { name: NAME }));
  expect(created.status).toBe(201);
  connectionId = created.body.data.id;
  await page.setViewportSize({ width: 1440, height: 900 });
  await logIn(page, adminUrl);
  await dismissAdminBanner(page);
}, 120_000);

test('before any run each chart says so; a failed answer says why and offers a retry', async () => {
  await page.route(METRICS_REQUEST, (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ data: null, error: { status: 500, name: 'InternalServerError', message: 'Boom' } }),
    })
  );
  await openPage();
  await page.getByRole('heading', { name: 'Performance', level: 1 }).waitFor();
  await page.getByText(/The performance figures could not be loaded/).waitFor();
  await page.unroute(METRICS_REQUEST);
  await page.getByRole('button', { name: 'Retry' }).click();

  await chart('sync-duration').getByText(EMPTY).waitFor();
  for (const id of CHARTS) expect([id, await chart(id).getAttribute('data-empty')]).toEqual([id, 'true']);
  expect(await page.getByTestId('chart-empty').count()).toBe(CHARTS.length);
  await waitForText(page.getByTestId('now-operations'), /Nothing is queued or running/);
  // the entry in the plugin's navigation leads here
  await page.goto(`${adminUrl}/plugins/easycars`);
  await page.getByRole('link', { name: 'Performance' }).click();
  await page.waitForURL(/\/plugins\/easycars\/performance/);
  await chart('api-latency').waitFor();
}, 120_000);

test('real runs, one throttled and one failing, draw every chart; the range picker is kept in the address', async () => {
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 429, retryAfter: 1, count: 1 });
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 10 });
  expect((await stockRun(strapi, connectionId)).status).toBe('failed');
  await control(sandbox, 'DELETE', '/faults');
  // what the runs recorded is written, and rolled up into the hours and days the longer ranges read
  await recorderOf(strapi).flush();
  await metricsTick(strapi);

  await openPage();
  const latency = chart('api-latency');
  await latency.locator('.recharts-legend-item-text').first().waitFor();
  for (const id of CHARTS) expect([id, await chart(id).getAttribute('data-empty')]).toEqual([id, 'false']);
  expect(await legendOf(latency)).toEqual(
    expect.arrayContaining(['GetAdvertisementStocks p50', 'GetAdvertisementStocks p95', 'RequestToken p50'])
  );
  expect(await legendOf(chart('sync-duration'))).toEqual(
    expect.arrayContaining(['Stock average', 'Stock p95', 'Lead average', 'Lead p95'])
  );
  for (const id of ['sync-duration', 'success-rate', 'records-per-minute', 'api-latency']) {
    expect([id, await chart(id).locator('.recharts-line-dot').count()]).not.toEqual([id, 0]);
  }
  expect(await chart('api-errors').locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
  expect(await chart('throttle-wait').locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
  expect(await legendOf(chart('api-errors'))).toEqual(['Errors', 'Throttled (429)', 'Retries']);
  // per endpoint, the 429 and its Retry-After apart from the failures
  const stocks = chart('api-errors').locator('[data-endpoint="GetAdvertisementStocks"]');
  await waitForText(stocks, /\d+ calls · [1-9]\d* errors? · 1 × 429 \(waited 1 s\) · [1-9]\d* retr/);
  await waitForText(chart('api-errors').locator('[data-endpoint="RequestToken"]'), /0 × 429/);
  await waitForText(page.getByTestId('performance-resolution'), /^Last 24 hours, 15-minute steps$/);

  // longer ranges: the address keeps the choice, the charts read hours and days
  for (const [label, key, steps] of [
    ['7 days', '7d', 'hourly'],
    ['30 days', '30d', 'daily'],
    ['90 days', '90d', 'daily'],
  ]) {
    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: label }).click();
    await page.waitForURL(new RegExp(`range=${key}`));
    await waitForText(page.getByTestId('performance-resolution'), new RegExp(`^Last ${label}, ${steps} steps$`));
    expect(await legendOf(chart('api-latency'))).toEqual(expect.arrayContaining(['GetAdvertisementStocks p95']));
    expect(await chart('api-errors').locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
  }
  await page.reload();
  await waitForText(page.getByTestId('performance-resolution'), /^Last 90 days, daily steps$/);
  expect(await page.getByRole('button', { name: '90 days' }).getAttribute('aria-pressed')).toBe('true');
  await page.getByRole('button', { name: '24 hours' }).click();
  await waitForText(page.getByTestId('performance-resolution'), /^Last 24 hours/);
}, 240_000);

test('the now panel follows a run while it goes, with the queues and the resource use', async () => {
  await openPage();
  const processes = page.getByTestId('now-processes');
  await waitForText(processes.locator('li').first(), /\(this process\)\s*memory [\d,.]+ MB · heap [\d,.]+ MB/);
  await waitForText(page.getByTestId('now-queues').locator('[data-queue="stock"]'), /0 waiting · 0 running/);
  await waitForText(page.getByTestId('dashboard-updated'), /^Updated \d+ seconds? ago$/);

  // a slow EasyCars keeps the run going long enough to watch it
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 8000 });
  const started = await adminApi(strapi, token).post('/sync', { connectionId, kind: 'stock' });
  expect(started.status).toBe(202);
  const runId = started.body.data.id as number;
  await page.getByRole('button', { name: 'Refresh' }).click();
  const operation = page.getByTestId('now-operations').locator(`[data-run-id="${runId}"]`);
  await waitForText(operation, new RegExp(`Stock sync · ${NAME}`));
  await page.getByTestId('now-operations').locator(`[data-run-id="${runId}"][data-status="running"]`).waitFor();
  await waitForText(operation, /Fetching stock from EasyCars · for \d+ s/);
  await screenshotWhole(page, 'performance.png');
  const done = await waitForStatus(strapi, runId, ['succeeded', 'partial', 'failed'], 60_000);
  expect(done.status).toBe('succeeded');
  await control(sandbox, 'DELETE', '/faults');
  // polled every few seconds while it ran: gone well before the idle refresh (30 s) would come
  await operation.waitFor({ state: 'detached', timeout: 10_000 });
  await waitForText(page.getByTestId('now-operations'), /Nothing is queued or running/);
}, 180_000);

test('no horizontal overflow on phones, tablets and desktops', async () => {
  await openPage();
  await chart('api-latency').locator('svg.recharts-surface').first().waitFor();
  for (const width of [390, 768, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    expect([width, await overflowing(page)]).toEqual([width, []]);
  }
  await page.setViewportSize({ width: 390, height: 900 });
  await screenshotWhole(page, 'performance-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });
}, 120_000);
