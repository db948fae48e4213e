/**
 * Browser test of EasyCars → Settings → Data retention: the policy, "Clean up now" behind a confirmation, the
 * counts it answers and the last clean-up, at desktop, tablet and phone widths. A real Strapi serving the built
 * admin; the old runs are recorded through the run log and dated back.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { SUPER_ADMIN, http } from '../helpers/admin';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotsDir,
  withAdminInBrowser,
  waitForText,
  type AdminInBrowser,
} from '../helpers/browser';
import { recordedRun } from '../helpers/old-runs';
import { sandboxConnection } from '../helpers/sandbox';

let session: AdminInBrowser;
let strapi: Core.Strapi;
let page: Page;
let adminUrl: string;

withAdminInBrowser((started) => {
  session = started;
  ({ strapi, page, adminUrl } = started);
});

test('an administrator sees the policy, cleans up now and reads the counts', async () => {
  const created = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${session.token}`)
    .send(sandboxConnection(session.sandbox, { name: 'Sandbox dealer' }));
  expect(created.status).toBe(201);
  const connectionId = created.body.data.id;
  await recordedRun(strapi, connectionId, 120, { items: 3 });
  await recordedRun(strapi, connectionId, 95, { status: 'failed', items: 2 });
  const young = await recordedRun(strapi, connectionId, 10, { items: 1 });

  await logIn(page, adminUrl);
  await page.goto(`${adminUrl}/plugins/easycars/settings/retention`);
  await page.getByRole('heading', { name: 'Data retention' }).waitFor();
  await dismissAdminBanner(page);
  await waitForText(page.locator('main'), /90 days, then deleted with their items/);
  await waitForText(page.locator('main'), /None: old runs are deleted only/);
  await waitForText(page.locator('main'), /Every day at 03:30/);
  await page.getByTestId('no-cleanup').waitFor();

  // asked first; cancelling deletes nothing
  await page.getByRole('button', { name: 'Clean up now' }).click();
  const dialog = page.getByRole('alertdialog');
  await waitForText(dialog, /Delete every finished sync run created more than 90 days ago/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await strapi.db.query('plugin::easycars.sync-run').count()).toBe(3);

  await page.getByRole('button', { name: 'Clean up now' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Clean up', exact: true }).click();
  await waitForText(page.getByTestId('cleanup-outcome'), /Deleted 2 runs and 5 items created before/);
  const last = page.getByTestId('last-cleanup');
  await waitForText(last, /Succeeded/);
  await waitForText(last, new RegExp(SUPER_ADMIN.email));
  await waitForText(last, /Runs deleted\s*2/);
  await waitForText(last, /Items deleted\s*5/);
  const left = await strapi.db.query('plugin::easycars.sync-run').findMany({ select: ['id'] });
  expect(left.map((run: { id: number }) => run.id)).toEqual([young]);

  for (const [width, name] of [
    [1440, 'retention.png'],
    [768, 'retention-tablet.png'],
    [390, 'retention-phone.png'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await waitForText(last, /Succeeded/);
    expect([width, await overflowing(page)]).toEqual([width, []]);
    await page.screenshot({ path: path.join(screenshotsDir, name), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // a second clean-up finds nothing due, and says so
  await page.getByRole('button', { name: 'Clean up now' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Clean up', exact: true }).click();
  await waitForText(page.getByTestId('cleanup-outcome'), /Nothing was due/);
}, 240_000);
