/**
 * Browser test of the notifications: two real stock syncs leave conflicts for review — one with no recipients set,
 * one whose e-mail the mail server (nothing listening) refuses — and an administrator reads them under
 * EasyCars → Notifications, marks one and then all read, on a desktop and on a phone-wide screen.
 */
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { adminApi } from '../helpers/admin';
import { freePort } from '../helpers/net';
import { mutateStock, sandboxConnection, stockOf, type Sandbox } from '../helpers/sandbox';
import { stockRun, vehicleOfItem } from '../helpers/stock-runs';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotWhole,
  withAdminInBrowser,
  waitForText,
} from '../helpers/browser';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let page: Page;
let adminUrl: string;
let token: string;

beforeAll(async () => {
  // a mail server that is not there: the e-mail fails, the notification stays
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await freePort()), SMTP_IGNORE_TLS: 'true' });
});

withAdminInBrowser((session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
});

test('an administrator reads the notifications of runs that left conflicts, and marks them read', async () => {
  const api = adminApi(strapi, token);
  const connection = await api.post('/connections', sandboxConnection(sandbox, { name: 'Sandbox dealer' }));
  expect(connection.status).toBe(201);
  const connectionId = connection.body.data.id;
  expect((await api.put('/settings', { conflictStrategy: 'manual' })).status).toBe(200);
  await stockRun(strapi, connectionId);

  const [first, second] = (await stockOf(sandbox)) as StockItem[];
  const conflictOn = async (item: StockItem) => {
    const vehicle = await vehicleOfItem(strapi, item);
    await new Promise((r) => setTimeout(r, 5));
    await strapi
      .documents('api::vehicle.vehicle' as any)
      .update({ documentId: vehicle.documentId, data: { price: 111 } } as any);
    await mutateStock(sandbox, {
      update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes: { Price: 222 } }],
    });
    const run = await stockRun(strapi, connectionId);
    expect(run.counts.conflicts).toBe(1);
    return { run, title: vehicle.title as string };
  };
  const quiet = await conflictOn(first);
  expect((await api.put('/settings', { notificationRecipients: ['sales@example.com'] })).status).toBe(200);
  const refused = await conflictOn(second);

  await logIn(page, adminUrl);
  await dismissAdminBanner(page);
  await page.goto(`${adminUrl}/plugins/easycars/notifications`);
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  await waitForText(page.getByTestId('notifications-badge'), /^2$/);
  const list = page.getByTestId('notifications-list');
  const row = (runId: number) => list.locator(`[data-notification-id]`, { hasText: `Sync run ${runId} ` });
  await waitForText(row(quiet.run.id), new RegExp(`${quiet.title}: price`));
  await waitForText(row(quiet.run.id), /Not sent: no recipients set/);
  await waitForText(row(refused.run.id), /Not sent.*ECONNREFUSED/s);
  await list.getByRole('link', { name: `Run ${refused.run.id}` }).waitFor();
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'notifications.png');

  // one marked read: it leaves the unread tab, the badge counts one
  await row(quiet.run.id)
    .getByRole('button', { name: /Mark .* read/ })
    .click();
  await row(quiet.run.id).waitFor({ state: 'detached' });
  await waitForText(page.getByTestId('notifications-badge'), /^1$/);
  await page.getByRole('tab', { name: 'All' }).click();
  await row(quiet.run.id).waitFor();
  expect(await row(quiet.run.id).getAttribute('data-unread')).toBe('false');

  // all read: nothing unread, no badge
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await page.getByTestId('notifications-badge').waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: /Unread/ }).click();
  await page.getByText(/Nothing unread/).waitFor();

  // a phone-wide screen shows cards, nothing wider than the screen
  await page.getByRole('tab', { name: 'All' }).click();
  await page.setViewportSize({ width: 390, height: 900 });
  await waitForText(row(refused.run.id), /ECONNREFUSED/);
  expect(await list.evaluate((el) => el.tagName)).toBe('UL');
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'notifications-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });
}, 300_000);
