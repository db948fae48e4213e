/**
 * Browser test of Help & support: an administrator enters the dealership's technical support and its EasyCars
 * contact under Settings → Help & support (a wrong e-mail is refused at its field), then every plugin page's
 * Help & support panel shows them with the page's guide section, as a link once the documentation address is set.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { adminApi } from '../helpers/admin';
import {
  dismissAdminBanner,
  logIn,
  overflowing,
  screenshotWhole,
  screenshotsDir,
  waitForText,
  withAdminInBrowser,
} from '../helpers/browser';

let strapi: Core.Strapi;
let page: Page;
let adminUrl: string;
let token: string;

withAdminInBrowser((session) => {
  ({ strapi, page, adminUrl, token } = session);
});

const DOCS = 'https://git.dealer.example/website/-/tree/main/docs';

test('an administrator sets the support contacts, and every page shows them with its guide', async () => {
  await logIn(page, adminUrl);
  await dismissAdminBanner(page);

  // nothing is there until entered
  await page.goto(`${adminUrl}/plugins/easycars/runs`);
  await page.getByRole('heading', { name: 'Sync History' }).waitFor();
  await page.getByRole('button', { name: 'Help & support' }).click();
  const panel = page.getByRole('dialog', { name: 'Help & support' });
  await waitForText(panel.getByTestId('support-technical'), /Not set yet/);
  await waitForText(panel, /docs\/admin-history\.md/);
  await panel.getByRole('button', { name: 'Close' }).last().click();

  await page.goto(`${adminUrl}/plugins/easycars/settings/support`);
  await page.getByRole('heading', { name: 'Help & support', level: 1 }).waitFor();
  const form = page.getByTestId('support-settings');
  const field = (group: number, label: string) =>
    form.locator('fieldset').nth(group).getByLabel(label, { exact: false });
  await field(0, 'Name').fill('Dealer IT desk');
  await field(0, 'E-mail').fill('it-at-dealer');
  await field(0, 'Phone').fill('07 3000 0000');
  await field(0, 'Notes').fill('Weekdays 8–5');
  await field(1, 'Name').fill('EasyCars support');
  await field(1, 'E-mail').fill('support@easycars.example');
  await form.getByRole('button', { name: 'Save' }).click();
  await waitForText(form, /must be an e-mail address/);
  expect((await adminApi(strapi, token).get('/support')).body.data.internal).toBeNull();

  await field(0, 'E-mail').fill('it@dealer.example');
  await form.getByLabel('Documentation address').fill(DOCS);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Help & support saved').waitFor();
  expect((await adminApi(strapi, token).get('/support')).body.data).toMatchObject({
    internal: { name: 'Dealer IT desk', email: 'it@dealer.example', phone: '07 3000 0000', notes: 'Weekdays 8–5' },
    easycars: { name: 'EasyCars support', email: 'support@easycars.example', phone: null },
    documentationUrl: DOCS,
  });
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'support-settings.png');

  // another page: its own guide, as a link now, and the contacts
  await page.goto(`${adminUrl}/plugins/easycars/conflicts`);
  await page.getByRole('heading', { name: 'Conflicts' }).first().waitFor();
  await page.getByRole('button', { name: 'Help & support' }).click();
  await waitForText(panel.getByTestId('support-technical'), /Dealer IT desk.*it@dealer\.example.*07 3000 0000/s);
  await waitForText(panel.getByTestId('support-easycars'), /EasyCars support.*support@easycars\.example/s);
  expect(await panel.getByRole('link', { name: /Conflicts: admin-conflicts\.md/ }).getAttribute('href')).toBe(
    `${DOCS}/admin-conflicts.md`
  );
  expect(await panel.getByRole('link', { name: 'it@dealer.example' }).getAttribute('href')).toBe(
    'mailto:it@dealer.example'
  );
  // the panel is a dialog over the page: the screen as the user sees it
  await page.screenshot({ path: path.join(screenshotsDir, 'support-panel.png'), animations: 'disabled' });
  await panel.getByRole('button', { name: 'Close' }).last().click();

  // on a phone the side navigation is hidden: the button is still there
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(`${adminUrl}/plugins/easycars/runs`);
  await page.getByRole('button', { name: 'Help & support' }).waitFor();
  expect(await overflowing(page)).toEqual([]);
  await page.goto(`${adminUrl}/plugins/easycars/settings/support`);
  await page.getByTestId('support-settings').waitFor();
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'support-settings-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });
}, 300_000);
