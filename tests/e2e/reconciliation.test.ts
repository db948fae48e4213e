/**
 * Browser test of EasyCars → Data Reconciliation: real changes in the sandbox and here leave each vehicle category
 * and severity (and a lead only EasyCars has); an administrator runs a reconciliation, sees its progress and then
 * the report, filters it, syncs one row from EasyCars and ignores another, sees why a vehicle cannot be pushed,
 * compares a row side by side, downloads the PDF and the CSV, on a laptop, a tablet and a phone. Then a batch over
 * every row matching the filters (two pages, a background job), and Push to EasyCars on a lead never sent.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { VEHICLE_PUSH_REFUSED } from '../../plugins/easycars/shared/contracts/reconciliation';
import { adminApi, http } from '../helpers/admin';
import { control, fault, mutateStock, sandboxConnection, stockOf, type Sandbox } from '../helpers/sandbox';
import { keyOf, stockRun, vehicleOfItem } from '../helpers/stock-runs';
import { waitFor } from '../queue/helpers';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotWhole,
  screenshotsDir,
  withAdminInBrowser,
  waitForText,
} from '../helpers/browser';

const VEHICLE = 'api::vehicle.vehicle';
const LEAD = 'api::lead.lead';
let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;

withAdminInBrowser((session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
});

/** Items of unique identity in the feed (the sandbox repeats some stock numbers on purpose). */
function uniqueItems(feed: StockItem[]): StockItem[] {
  const count = new Map<string, number>();
  for (const item of feed) count.set(keyOf(item), (count.get(keyOf(item)) ?? 0) + 1);
  return feed.filter((item) => count.get(keyOf(item)) === 1 && typeof item.Price === 'number');
}

async function expectFitsAtEveryWidth(settled: () => Promise<unknown>) {
  for (const width of [1440, 768, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await settled();
    expect([width, await overflowing(page)]).toEqual([width, []]);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('an administrator runs a reconciliation, reads the report, acts on rows and downloads it', async () => {
  const api = adminApi(strapi, token);
  const connection = await api.post('/connections', sandboxConnection(sandbox, { name: 'Sandbox dealer' }));
  expect(connection.status).toBe(201);
  const connectionId = connection.body.data.id;
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');

  // real differences: one removed and one added in EasyCars, one repriced there, one edited on both sides
  // (with a VIN each, the search below finds the one by it)
  const [removed, repriced, both] = uniqueItems(await stockOf(sandbox)).filter((item) => item.VIN?.length === 17);
  await mutateStock(sandbox, {
    remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }],
    generate: 1,
  });
  const newPrice = (repriced.Price as number) + 1000;
  await mutateStock(sandbox, {
    update: [{ StockNumber: repriced.StockNumber, YardCode: repriced.YardCode, changes: { Price: newPrice } }],
  });
  const bothVehicle = await vehicleOfItem(strapi, both);
  await new Promise((r) => setTimeout(r, 5));
  await strapi
    .documents(VEHICLE as any)
    .update({ documentId: bothVehicle.documentId, data: { price: 1234500 } } as any);
  await mutateStock(sandbox, {
    update: [
      { StockNumber: both.StockNumber, YardCode: both.YardCode, changes: { Price: (both.Price as number) + 500 } },
    ],
  });
  // a lead created in EasyCars only, found by walking the lead numbers
  await control(sandbox, 'POST', `/accounts/${sandbox.demo.AccountNumber}/leads`, {
    VehicleMake: 'KIA',
    VehicleModel: 'SPORTAGE',
    VehicleType: 1,
    VehicleYear: 2024,
    IsVehicleNew: true,
    VehicleInterest: 4,
    LeadCustomer: { Name: 'Walk In', Email: 'walkin@example.com' },
  });
  // EasyCars answers slowly for a while, so the run is seen going
  await fault(sandbox, { endpoint: 'GetLeadDetail', type: 'latency', ms: 2500, count: 8 });

  await logIn(page, adminUrl);
  await page.goto(`${adminUrl}/plugins/easycars/reconciliations`);
  await page.getByRole('heading', { name: 'Data Reconciliation' }).waitFor();
  await page.getByText(/No reconciliation yet — run one/).waitFor();
  await dismissAdminBanner(page);

  // run one: its progress, then the outcome with a link to the report
  await page.getByRole('button', { name: 'Run Reconciliation' }).click();
  const progress = page.getByTestId('reconciliation-progress');
  await waitForText(progress, /Running/);
  await page.getByRole('progressbar').first().waitFor();
  // a second start while it runs is refused, and says which one is going
  await page.getByRole('button', { name: 'Run Reconciliation' }).click();
  await waitForText(page.getByTestId('reconciliation-busy'), /already queued or running/);
  await page.locator('[data-testid="reconciliation-progress"][data-state="succeeded"]').waitFor({ timeout: 60_000 });
  await waitForText(progress, /\d+ discrepancies found/);
  const list = page.getByTestId('reconciliations-list');
  await waitForText(list, /Super Admin|super@example.com/);
  await waitForText(list, /Vehicles: 1 in EasyCars only, 1 on the site only, 2 differing/);
  await screenshotWhole(page, 'reconciliation.png');

  // the report: counts, how far the lead walk looked, a table per entity and category
  await progress.getByRole('link', { name: 'Open the report' }).click();
  await page.waitForURL(/\/plugins\/easycars\/reconciliations\/\d+$/);
  const reportId = Number(new URL(page.url()).pathname.split('/').pop());
  const summary = page.getByTestId('report-summary');
  await waitForText(summary.locator('[data-count="vehicle-mismatch"]'), /Different values: 2/);
  await waitForText(summary.locator('[data-count="lead-missing_local"]'), /In EasyCars only: 1/);
  await waitForText(page.getByTestId('lead-walk'), /stopping after 20 in a row/);
  await waitForText(page.getByTestId('lead-walk'), /lead status/);
  for (const group of ['vehicle-missing_local', 'vehicle-missing_remote', 'vehicle-mismatch', 'lead-missing_local'])
    await page.getByTestId(`group-${group}`).waitFor();
  await screenshotWhole(page, 'reconciliation-report.png');

  // filters kept in the address: the conflicting one only
  await page.getByRole('combobox', { name: 'Severity' }).click();
  await page.getByRole('option', { name: 'Conflicting' }).click();
  await page.waitForURL((url) => url.searchParams.get('severity') === 'conflicting');
  const rows = page.getByTestId('discrepancies').locator('[data-discrepancy-id]');
  await waitForText(page.getByTestId('discrepancies-page-info'), /· 1 discrepancy$/);
  expect(await rows.count()).toBe(1);
  const conflicting = rows.first();
  await waitForText(conflicting, new RegExp(String(both.StockNumber)));
  // a vehicle cannot be pushed: the button is disabled and says why
  expect(await conflicting.getByRole('button', { name: 'Push to EasyCars' }).isDisabled()).toBe(true);
  await waitForText(conflicting.getByTestId('push-refused'), new RegExp(VEHICLE_PUSH_REFUSED));

  // View Details: both values side by side, the differing field highlighted
  await conflicting.getByRole('button', { name: 'View Details' }).click();
  const diff = page.getByTestId('discrepancy-diff');
  await diff.locator('[data-field="price"][data-differs="true"]').waitFor();
  await waitForText(diff.locator('[data-field="price"]'), /1234500/);
  await page.screenshot({ path: path.join(screenshotsDir, 'reconciliation-detail.png') });
  await page.getByRole('button', { name: 'Close' }).first().click();
  await diff.waitFor({ state: 'detached' });

  // Ignore it, with a reason
  await conflicting.getByRole('button', { name: 'Ignore' }).click();
  await page.getByLabel('Reason (optional)').fill('Price agreed with the customer');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ignore' }).click();
  await waitForText(conflicting.getByTestId('row-outcome'), /Ignore: done — Ignored until its values change/);

  // a search by stock number, and Sync from EasyCars on the repriced vehicle
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.waitForURL((url) => !url.searchParams.has('severity'));
  await page.getByLabel(/Find a record/).fill(String(repriced.VIN));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === String(repriced.VIN));
  await waitForText(page.getByTestId('discrepancies-page-info'), /· 1 discrepancy$/);
  const outdated = rows.first();
  await outdated.getByRole('button', { name: 'Sync from EasyCars' }).click();
  await waitForText(outdated.getByTestId('row-outcome'), /Sync from EasyCars: done — Synced from EasyCars \(run \d+\)/);
  expect(Number((await vehicleOfItem(strapi, repriced)).price)).toBe(newPrice);
  // the outcome is kept on the row: it is still there after a reload
  await page.reload();
  await waitForText(rows.first().getByTestId('row-outcome'), /Sync from EasyCars: done/);

  // a batch over every row of the page: vehicles and a lead only EasyCars has cannot be pushed, each says why
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await waitForText(page.getByTestId('discrepancies-page-info'), /· 5 discrepancies$/);
  await page.getByRole('button', { name: 'Select all on this page' }).click();
  await page.getByRole('button', { name: 'Push to EasyCars for 5 selected' }).click();
  const batch = page.getByTestId('action-summary');
  await waitForText(batch, /Push to EasyCars: 0 done, 5 refused, 0 failed/);
  await waitForText(batch, /read-only/);
  await waitForText(batch, /exists only in EasyCars/);

  // both exports
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PDF' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe(`easycars-reconciliation-${reportId}.pdf`);
  expect(
    fs
      .readFileSync((await pdf.path()) as string)
      .subarray(0, 5)
      .toString('latin1')
  ).toBe('%PDF-');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe(`easycars-reconciliation-${reportId}.csv`);
  const csvText = fs.readFileSync((await csv.path()) as string, 'utf8');
  expect(csvText.split('\r\n')[0]).toBe(
    '\ufeffdiscrepancyId,entity,category,severity,externalKey,localId,label,field,local,remote'
  );
  expect(csvText).toContain(keyOf(both));
  expect(csvText).toContain('1234500');
  expect(csvText).toContain('missing_local');

  // nothing wider than the screen; cards on a phone
  await page.goto(`${adminUrl}/plugins/easycars/reconciliations/${reportId}`);
  await expectFitsAtEveryWidth(() =>
    page.getByTestId('discrepancies').locator('[data-discrepancy-id]').first().waitFor()
  );
  await page.setViewportSize({ width: 390, height: 900 });
  await page.getByTestId('discrepancies').locator('li[data-discrepancy-id]').first().waitFor();
  await screenshotWhole(page, 'reconciliation-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${adminUrl}/plugins/easycars/reconciliations`);
  await expectFitsAtEveryWidth(() =>
    page.getByTestId('reconciliations-list').locator('[data-reconciliation-id]').first().waitFor()
  );
}, 300_000);

test('a batch over every row matching the filters runs in the background; a lead never sent is pushed', async () => {
  const api = adminApi(strapi, token);
  // a connection of its own: the first test's connection and what it left go
  for (const c of (await api.get('/connections')).body.data) await api.delete(`/connections/${c.id}`);
  await control(sandbox, 'DELETE', '/faults');
  const connection = await api.post('/connections', sandboxConnection(sandbox, { name: 'Busy dealer' }));
  expect(connection.status).toBe(201);
  const connectionId = connection.body.data.id;
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');

  // 60 vehicles new in EasyCars: more than a page (50) and more than one direct request (25)
  await mutateStock(sandbox, { generate: 60 });
  // a lead the site could not send: EasyCars refused it
  await fault(sandbox, { endpoint: 'CreateLead', type: 'code', code: 7, message: 'Lead is locked.' });
  const form = await http(strapi)
    .post('/api/leads')
    .send({ data: { name: 'Never Sent', email: 'never.sent@example.com', phone: '0400 222 333' } });
  expect(form.status).toBe(201);
  const leadId = form.body.data.documentId as string;
  const leadRow = () => strapi.db.query(LEAD as any).findOne({ where: { documentId: leadId } });
  await waitFor(async () => (await leadRow())?.pushStatus === 'failed', 'the lead push to fail');
  await control(sandbox, 'DELETE', '/faults');

  const started = await api.post('/reconciliations', { connectionId });
  expect(started.status).toBe(202);
  const reportId = started.body.data.id;
  await waitFor(
    async () => (await api.get(`/reconciliations/${reportId}`)).body.data.status === 'succeeded',
    'the reconciliation'
  );

  // the vehicles only EasyCars has: two pages of them
  await page.goto(`${adminUrl}/plugins/easycars/reconciliations/${reportId}`);
  await page.getByTestId('report-summary').waitFor();
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Vehicles', exact: true }).click();
  await page.getByRole('combobox', { name: 'Category' }).click();
  await page.getByRole('option', { name: 'In EasyCars only' }).click();
  await page.waitForURL((url) => url.searchParams.get('category') === 'missing_local');
  await waitForText(page.getByTestId('discrepancies-page-info'), /· 60 discrepancies$/);
  const rows = page.getByTestId('discrepancies').locator('[data-discrepancy-id]');
  expect(await rows.count()).toBe(50);

  // all 60 matching the filters, not just this page: a background job with its progress, then a per-row outcome
  await page.getByRole('button', { name: 'Select all 60 matching the filters' }).click();
  await waitForText(page.getByTestId('batch-actions'), /All 60 matching the filters selected/);
  // EasyCars answers slowly for a while, so the job is seen going
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 1500, count: 3 });
  await page.getByRole('button', { name: 'Sync from EasyCars for 60 matching' }).click();
  await waitForText(page.getByTestId('action-progress'), /Sync from EasyCars: \d+ of 60/);
  const batch = page.getByTestId('action-summary');
  await waitForText(batch, /Sync from EasyCars: 60 done, 0 refused, 0 failed/, 60_000);
  await waitForText(rows.first().getByTestId('row-outcome'), /Sync from EasyCars: done/);
  // on the second page too
  await page.getByRole('button', { name: 'Next', exact: true }).first().click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  expect(await rows.count()).toBe(10);
  await waitForText(rows.first().getByTestId('row-outcome'), /Sync from EasyCars: done/);
  const pulled = (await api.get(`/reconciliations/${reportId}/discrepancies?entity=vehicle&pageSize=100`)).body.data;
  expect(pulled.filter((d: any) => d.outcome?.action === 'pull' && d.outcome.status === 'done')).toHaveLength(60);
  expect(await strapi.db.query(VEHICLE as any).count({ where: { connectionId } })).toBeGreaterThanOrEqual(110);

  // the lead never sent: Push to EasyCars creates it there
  await page.goto(`${adminUrl}/plugins/easycars/reconciliations/${reportId}?entity=lead&category=missing_remote`);
  await waitForText(page.getByTestId('discrepancies-page-info'), /· 1 discrepancy$/);
  const lead = rows.first();
  await waitForText(lead, /Lead not sent to EasyCars/);
  await lead.getByRole('button', { name: 'Push to EasyCars' }).click();
  await waitForText(lead.getByTestId('row-outcome'), /Push to EasyCars: done/);
  await waitFor(async () => (await leadRow())?.pushStatus === 'pushed', 'the lead to be pushed');
  const number = (await leadRow()).easycarsLeadNumber;
  const remote = (await control(sandbox, 'GET', `/accounts/${sandbox.demo.AccountNumber}/leads`)).find(
    (l: any) => l.LeadNumber === number
  );
  expect(remote).toMatchObject({ LeadCustomer: expect.objectContaining({ Email: 'never.sent@example.com' }) });
  const [row] = (await api.get(`/reconciliations/${reportId}/discrepancies?entity=lead&category=missing_remote`)).body
    .data;
  expect(row).toMatchObject({
    category: 'missing_remote',
    localId: leadId,
    outcome: { action: 'push', status: 'done' },
  });

  // the list of reports on a phone
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(`${adminUrl}/plugins/easycars/reconciliations`);
  await page.getByTestId('reconciliations-list').locator('[data-reconciliation-id]').first().waitFor();
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'reconciliation-list-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });
}, 300_000);
