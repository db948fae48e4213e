/**
 * Browser test of the conflict inbox: a conflict raised by real stock syncs against the sandbox, opened from
 * EasyCars → Conflicts, merged with one field from each side after a preview, and applied; then thirty more resolved
 * at once by selecting all that match a filter.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { identityKey } from '../../plugins/easycars/server/src/sync/stock/hash';
import { http } from '../helpers/admin';
import { mutateStock, sandboxConnection, stockOf, type Sandbox } from '../helpers/sandbox';
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
let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;

const keyOf = (item: StockItem) => identityKey(item.YardCode.trim() || null, String(item.StockNumber).trim());

withAdminInBrowser((session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
});

async function sync(connectionId: string) {
  const run = await strapi
    .plugin('easycars')
    .service('runs')
    .create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
}

test('an administrator merges a conflict with one field from each side, after a preview', async () => {
  const api = (method: 'post' | 'put', url: string, body: object) =>
    (http(strapi) as any)[method](url).set('Authorization', `Bearer ${token}`).send(body);
  const connection = await api('post', '/easycars/connections', sandboxConnection(sandbox, { name: 'Sandbox dealer' }));
  expect(connection.status).toBe(201);
  const connectionId = connection.body.data.id;
  expect((await api('put', '/easycars/settings', { conflictStrategy: 'manual' })).status).toBe(200);

  // a vehicle edited here (price, odometer) and in EasyCars (both too) since the last sync
  await sync(connectionId);
  const [item] = (await stockOf(sandbox)) as StockItem[];
  const key = keyOf(item);
  const find = async () =>
    (await strapi.db.query(VEHICLE).findMany({})).find((v: any) => identityKey(v.yardCode, v.stockNumber) === key);
  const vehicle = await find();
  await new Promise((r) => setTimeout(r, 5));
  await strapi
    .documents(VEHICLE as any)
    .update({ documentId: vehicle.documentId, data: { price: 11111, odometer: 5 } } as any);
  await mutateStock(sandbox, {
    update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes: { Price: 22222, Odometer: 99 } }],
  });
  await sync(connectionId);

  await logIn(page, adminUrl);
  // the page opened directly, its user's permissions arriving after it has mounted (as on a slow line):
  // the badge and the resolve actions still follow them
  await page.route('**/admin/users/me/permissions', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(`${adminUrl}/plugins/easycars/conflicts`);
  await page.getByRole('heading', { name: 'Conflicts' }).waitFor();
  const list = page.getByTestId('conflicts-list');
  await waitForText(list, /price/);
  await waitForText(page.getByTestId('conflicts-badge'), /^1$/);
  await page.unrouteAll();
  await dismissAdminBanner(page);
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts.png'), fullPage: true });

  // the detail: conflicting fields highlighted, the sides' times, EasyCars' missing modified time said
  await list.getByRole('link', { name: /Open conflict/ }).click();
  const diff = page.getByTestId('conflict-diff');
  await diff.locator('[data-field="price"][data-conflicting="true"]').waitFor();
  await diff.locator('[data-field="odometer"][data-conflicting="true"]').waitFor();
  await diff.locator('[data-field="make"][data-conflicting="false"][data-differs="false"]').waitFor();
  await page.getByText(/EasyCars sends no modified time/).waitFor();

  // Merge: price from here, odometer from EasyCars
  await page.getByRole('radio', { name: 'Merge' }).click();
  await page.getByRole('combobox', { name: 'Take odometer from' }).click();
  await page.getByRole('option', { name: 'EasyCars' }).click();
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('conflict-preview');
  await waitForText(preview.locator('[data-field="price"]'), /11111 \(local\)/);
  await waitForText(preview.locator('[data-field="odometer"]'), /99 \(EasyCars\)/);
  await waitForText(preview, /read-only/);
  // the preview wrote nothing
  expect(await find()).toMatchObject({ price: 11111, odometer: 5 });
  await page.getByTestId('resolve-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-detail.png'), fullPage: true });
  // the detail with its preview on a phone-wide screen: cards, nothing wider than the screen
  await page.setViewportSize({ width: 390, height: 900 });
  await waitForText(preview.locator('[data-field="odometer"]'), /99 \(EasyCars\)/);
  expect(await overflowing(page)).toEqual([]);
  await page.getByTestId('resolve-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-detail-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/\/plugins\/easycars\/conflicts$/);
  await page.getByText(/No conflict waits for review/).waitFor();
  expect(await find()).toMatchObject({ price: 11111, odometer: 99 });

  // closed ones, with how they were closed; a phone-wide screen shows cards and nothing wider than the screen
  await page.getByRole('tab', { name: 'Closed' }).click();
  await waitForText(page.getByTestId('conflicts-list'), /Merged by Super Admin/);
  await page.setViewportSize({ width: 390, height: 900 });
  await waitForText(page.getByTestId('conflicts-list'), /Merged/);
  expect(await overflowing(page)).toEqual([]);
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // the audit log lists the resolution
  await page.goto(`${adminUrl}/plugins/easycars/audit`);
  await waitForText(page.getByTestId('audit-list'), /price: 11111 → 11111/);
  await waitForText(page.getByTestId('audit-list'), /odometer: 5 → 99/);
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-audit.png'), fullPage: true });

  // the strategy settings show what the sync uses
  await page.goto(`${adminUrl}/plugins/easycars/settings/conflicts`);
  await page.getByTestId('conflict-settings').waitFor();
  await waitForText(page.getByRole('combobox', { name: 'Default strategy' }), /Manual review/);
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-settings.png'), fullPage: true });
  // both on a phone-wide screen too
  await page.setViewportSize({ width: 390, height: 900 });
  await page.getByTestId('conflict-settings').waitFor();
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'conflicts-settings-phone.png');
  await page.goto(`${adminUrl}/plugins/easycars/audit`);
  await waitForText(page.getByTestId('audit-list'), /odometer: 5 → 99/);
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'audit-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });

  // thirty price conflicts, more than a page: all those matching the filter resolved at once, as a job
  const feed = ((await stockOf(sandbox)) as StockItem[]).slice(1, 31);
  const all = await strapi.db.query(VEHICLE).findMany({});
  for (const [i, stock] of feed.entries()) {
    const local = all.find((v: any) => identityKey(v.yardCode, v.stockNumber) === keyOf(stock));
    await strapi.documents(VEHICLE as any).update({ documentId: local.documentId, data: { price: 100 + i } } as any);
  }
  await mutateStock(sandbox, {
    update: feed.map((s, i) => ({ StockNumber: s.StockNumber, YardCode: s.YardCode, changes: { Price: 200 + i } })),
  });
  await sync(connectionId);
  await page.goto(`${adminUrl}/plugins/easycars/conflicts`);
  await waitForText(page.getByTestId('conflicts-badge'), /^30$/);
  await page.getByLabel('Field').fill('price');
  await page.getByRole('button', { name: 'Select all 30 matching the filters' }).click();
  await page.getByText('All 30 matching the filters selected').waitFor();
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-bulk-select.png'), fullPage: true });
  await page.getByRole('button', { name: 'Use EasyCars for 30 matching' }).click();
  const report = page.getByTestId('bulk-report');
  await waitForText(report, /30 of 30 conflicts resolved/);
  await page.getByText(/No conflict matches these filters/).waitFor();
  await page.getByTestId('conflicts-badge').waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(screenshotsDir, 'conflicts-bulk.png'), fullPage: true });
  const prices = (await strapi.db.query(VEHICLE).findMany({})).filter((v: any) =>
    feed.some((s) => keyOf(s) === identityKey(v.yardCode, v.stockNumber))
  );
  expect(prices.map((v: any) => Number(v.price)).sort((a, b) => a - b)).toEqual(feed.map((_, i) => 200 + i));
}, 300_000);
