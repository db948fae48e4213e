/**
 * Browser test of EasyCars → Settings → Connections against a real Strapi serving the built admin
 * (run `strapi build` first) and the EasyCars sandbox: add a connection, test it, see a rejected
 * secret reported, edit and delete it.
 */
import path from 'path';
import type { Page } from 'playwright-core';
import { dismissAdminBanner, logIn, screenshotsDir, withAdminInBrowser, waitForText } from '../helpers/browser';
import type { Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
let page: Page;
let adminUrl: string;

withAdminInBrowser((session) => {
  ({ sandbox, page, adminUrl } = session);
});

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

/** Toasts fade on their own; waiting keeps them out of the screenshots. */
async function waitForToastToGo(text: string) {
  await page.getByText(text).first().waitFor({ state: 'hidden', timeout: 15_000 });
}

test('an administrator adds, tests, edits and deletes an EasyCars connection', async () => {
  const demo = sandbox!.demo;

  // log in
  await logIn(page, adminUrl);

  // EasyCars in the main menu opens the dashboard; Settings → Connections is in its side navigation
  await page.getByRole('link', { name: 'EasyCars' }).first().click();
  await page.waitForURL(/\/admin\/plugins\/easycars$/);
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('heading', { name: 'Connections' }).waitFor();
  await dismissAdminBanner(page);

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

  // another base URL: the saved secrets are never sent there, so the form asks for all four again
  await dialog().getByLabel('Base URL override').fill('http://127.0.0.1:9');
  await dialog().getByText('Enter the credentials again').waitFor();
  await dialog().getByRole('button', { name: 'Save' }).click();
  await waitForText(dialog(), /Client secret is required: the base URL or environment changed/);
  await waitForText(dialog(), /Account secret is required: the base URL or environment changed/);
  await dialog().screenshot({ path: path.join(screenshotsDir, 'connection-moved.png') });
  await dialog().getByLabel('Base URL override').fill(sandbox!.url);
  await dialog().getByText('Enter the credentials again').waitFor({ state: 'detached' });

  await dialog().getByRole('button', { name: 'Save' }).click();
  await dialog().waitFor({ state: 'detached' });

  // delete, after a confirmation that says what stops and what stays
  await page.getByRole('button', { name: `Delete “${NAME}”` }).click();
  const confirm = page.getByRole('alertdialog');
  await waitForText(
    confirm,
    new RegExp(
      `Delete “${NAME}”\\? Syncing with this EasyCars account stops\\. Vehicles and leads already on the site are kept\\.`
    )
  );
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No EasyCars connection yet — add your EasyCars account to start syncing').waitFor();
}, 240_000);
