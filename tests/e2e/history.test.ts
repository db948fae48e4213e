/**
 * Browser test of EasyCars → Sync History and a run's page, against a real Strapi serving the built admin (run
 * `strapi build` first), the EasyCars sandbox and runs made by real syncs: the filters change the address and the
 * rows, the back button brings a filtered view back, a run shows its before and after with the changed field
 * highlighted, downloads arrive, and nothing is wider than the screen at 390, 768 and 1440 px.
 * In-process queue (no REDIS_URL), schedules off.
 */
import fs from 'fs';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { http } from '../helpers/admin';
import { control, fault, sandboxConnection, setStock, stockOf, type Sandbox } from '../helpers/sandbox';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotWhole,
  withAdminInBrowser,
  waitForText,
} from '../helpers/browser';
import { waitFor, waitForStatus } from '../queue/helpers';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;

const NAME = 'Sandbox dealer';
const WIDTHS = [1440, 768, 390];
const runs: Record<string, number> = {};
let target: { StockNumber: string; VIN: string };

async function syncNow(connectionId: string, kind: 'stock' | 'lead') {
  const res = await http(strapi)
    .post('/easycars/sync')
    .set('Authorization', `Bearer ${token}`)
    .send({ connectionId, kind });
  expect(res.status).toBe(202);
  return (await waitForStatus(strapi, res.body.data.id, ['succeeded', 'partial', 'failed'], 60_000)).id;
}

async function expectFitsAtEveryWidth(ready: () => Promise<void>) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await ready();
    expect([width, await overflowing(page)]).toEqual([width, []]);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const runsList = () => page.getByTestId('runs-list');
const rowsShown = () =>
  runsList()
    .locator('[data-run-id]')
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-run-id'))));
/** Waits until the list shows exactly these runs, in this order. */
async function expectRows(ids: number[]) {
  let shown: number[] = [];
  await waitFor(
    async () => {
      shown = await rowsShown().catch(() => []);
      return JSON.stringify(shown) === JSON.stringify(ids);
    },
    `runs ${ids.join(', ')}`,
    20_000
  ).catch(() => expect(shown).toEqual(ids));
}
const pickOption = async (label: string, option: string) => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

withAdminInBrowser(async (session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
  const created = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${token}`)
    .send(sandboxConnection(sandbox, { name: NAME }));
  expect(created.status).toBe(201);
  const connectionId = created.body.data.id;

  // an import, one price change, a lead run with nothing to do, and a stock run EasyCars does not answer
  const feed: any[] = await stockOf(sandbox);
  target = feed.find((item) => item.VIN && String(item.StockNumber).trim() === item.StockNumber);
  runs.first = await syncNow(connectionId, 'stock');
  await setStock(
    sandbox,
    feed.map((item) => (item.StockNumber === target.StockNumber ? { ...item, Price: item.Price + 500 } : item))
  );
  runs.priceChange = await syncNow(connectionId, 'stock');
  runs.lead = await syncNow(connectionId, 'lead');
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1000);
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'timeout', count: 10 });
  runs.failed = await syncNow(connectionId, 'stock');
  await control(sandbox, 'DELETE', '/faults');
}, 240_000);

test('an administrator filters the sync history, goes back, and reads what one run changed', async () => {
  await logIn(page, adminUrl);
  await page.goto(`${adminUrl}/plugins/easycars`);
  await page.getByRole('link', { name: 'Sync History' }).click();
  await page.waitForURL(/\/plugins\/easycars\/runs$/);
  await page.getByRole('heading', { name: 'Sync History' }).waitFor();
  await dismissAdminBanner(page);
  await expectRows([runs.failed, runs.lead, runs.priceChange, runs.first]);
  expect(await runsList().locator('thead th').allTextContents()).toEqual([
    'Timestamp',
    'Sync Type',
    'Direction',
    'Status',
    'Records Processed',
    'Duration',
    'Actions',
  ]);
  await waitForText(runsList().locator(`[data-run-id="${runs.lead}"]`), /Lead.*Outbound/);
  await page.getByTestId('runs-page-info').filter({ hasText: 'Page 1 of 1 · 4 runs' }).waitFor();
  await screenshotWhole(page, 'history.png');

  // each filter goes into the address and changes the rows
  await pickOption('Sync type', 'Stock');
  await page.waitForURL(/[?&]kind=stock/);
  await expectRows([runs.failed, runs.priceChange, runs.first]);
  await pickOption('Status', 'Failed');
  await page.waitForURL(/kind=stock.*status=failed|status=failed.*kind=stock/);
  await expectRows([runs.failed]);
  await pickOption('Status', 'Partial');
  await page.getByText('No syncs found — no run matches these filters').waitFor();

  // the back button brings each earlier view back
  await page.goBack();
  await page.waitForURL((url) => url.searchParams.get('status') === 'failed');
  await expectRows([runs.failed]);
  await page.goBack();
  await page.waitForURL((url) => url.searchParams.get('kind') === 'stock' && !url.searchParams.has('status'));
  await expectRows([runs.failed, runs.priceChange, runs.first]);

  // an address with filters opens on them; a day long gone has no runs
  await page.goto(`${adminUrl}/plugins/easycars/runs?from=2020-01-01&to=2020-01-31`);
  await page.getByText('No syncs found — no run matches these filters').waitFor();
  expect(await page.getByLabel('From').inputValue()).toBe('2020-01-01');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expectRows([runs.failed, runs.lead, runs.priceChange, runs.first]);

  // the search by VIN finds the two runs that touched that vehicle
  await page.getByLabel(/Find a vehicle or lead/).fill(target.VIN);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === target.VIN);
  await expectRows([runs.priceChange, runs.first]);

  // a download of the filtered history
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^easycars-sync-history-\d{4}-\d{2}-\d{2}\.csv$/);
  const csvBytes = fs.readFileSync((await csv.path()) as string);
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csvBytes.toString('utf8')).toContain(target.StockNumber);

  // nothing wider than the screen, on a laptop, a tablet and a phone; cards on the phone
  await expectFitsAtEveryWidth(() => runsList().locator('[data-run-id]').first().waitFor());
  await page.setViewportSize({ width: 390, height: 900 });
  await runsList().locator('li[data-run-id]').nth(1).waitFor();
  expect(await runsList().locator('li[data-run-id]').count()).toBe(2);
  await screenshotWhole(page, 'history-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });

  // View Details opens the run with the price change
  await page.getByRole('link', { name: `View Details of run ${runs.priceChange}` }).click();
  await page.waitForURL(new RegExp(`/plugins/easycars/runs/${runs.priceChange}$`));
  await page.getByRole('heading', { name: `Stock sync ${runs.priceChange}` }).waitFor();
  const summary = page.getByTestId('run-summary');
  await waitForText(summary, /Succeeded/);
  await waitForText(summary, /Manual/);
  await waitForText(summary, /super@example\.com/);
  expect(await page.getByTestId('run-counts').locator('[data-count="updated"]').textContent()).toBe('1');

  // the affected record, opened on its fields: the price is highlighted as changed
  const records = page.getByTestId('affected-records');
  await pickOption('Action', 'Updated');
  await page.waitForURL(/action=updated/);
  await records
    .getByRole('button', { name: /Show the changes of Stock/ })
    .first()
    .click();
  const price = records.locator('[data-field="price"]');
  await records.locator('[data-field="price"][data-changed="true"]').waitFor();
  await waitForText(price, /Changed/);
  // an update records only what changed, so the highlight stands out from the white of the page
  const background = await price.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toMatch(/^(rgba\(0, 0, 0, 0\)|rgb\(255, 255, 255\))$/);
  const side = async (name: string) => Number(await price.locator(`[data-side="${name}"]`).textContent());
  expect((await side('After')) - (await side('Before'))).toBe(500);
  expect(
    await records
      .getByRole('link', { name: /in the Content Manager/ })
      .first()
      .getAttribute('href')
  ).toMatch(/^\/admin\/content-manager\/collection-types\/api::vehicle\.vehicle\/\w+$/);

  // the call log says which bodies the log cut
  const calls = page.getByTestId('call-log');
  const stockCall = calls.locator('[data-endpoint="GetAdvertisementStocks"]').first();
  await stockCall.getByRole('button', { name: /Show bodies/ }).click();
  await calls.locator('[data-truncated="true"]').first().waitFor();
  await screenshotWhole(page, 'run-detail.png');

  // a download of this run
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  expect(json.suggestedFilename()).toMatch(
    new RegExp(`^easycars-run-${runs.priceChange}-\\d{4}-\\d{2}-\\d{2}\\.json$`)
  );
  const exported = JSON.parse(fs.readFileSync((await json.path()) as string, 'utf8'));
  expect(exported.run.id).toBe(runs.priceChange);

  await expectFitsAtEveryWidth(() => price.waitFor());
  await page.setViewportSize({ width: 390, height: 900 });
  await page.getByTestId('run-items').locator('li[data-item-id]').first().waitFor();
  expect(await page.getByTestId('run-items').locator('li[data-item-id]').count()).toBe(1);
  await screenshotWhole(page, 'run-detail-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });

  // back to the history, as it was filtered
  await page.goBack();
  await page.goBack();
  await page.waitForURL((url) => url.pathname.endsWith('/runs') && url.searchParams.get('q') === target.VIN);
  await expectRows([runs.priceChange, runs.first]);
}, 240_000);

test('a failed run shows why, and a run that is not there says so', async () => {
  await page.goto(`${adminUrl}/plugins/easycars/runs/${runs.failed}`);
  const error = page.getByTestId('run-error');
  await waitForText(error, /did not answer/);
  await waitForText(error, /No stack trace/);
  await page.goto(`${adminUrl}/plugins/easycars/runs/999999`);
  await page.getByText(/The sync run could not be loaded: .*No sync run 999999/).waitFor();
}, 60_000);
