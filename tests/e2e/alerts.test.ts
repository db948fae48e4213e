/**
 * Browser test of the alerts: an administrator creates alert rules in Settings → Alert rules (the form checks the
 * fields per type, shows the server's refusal at its field, and sends a percent as a share), a real stock sync
 * against the sandbox fails (a fault), a rule fires, and its alert is read and acknowledged under EasyCars →
 * Alerts; the rule is disabled and deleted, the other one edited and fired by the minute's tick, and a user who may
 * only read sees its alert but cannot acknowledge it. On a desktop, a tablet and a phone-wide screen.
 */
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { adminApi, userWithActions } from '../helpers/admin';
import { freePort } from '../helpers/net';
import { control, fault, sandboxConnection, type Sandbox } from '../helpers/sandbox';
import { stockRun } from '../helpers/stock-runs';
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
  // a mail server that is not there: the alert's e-mail fails, its in-app notice stays
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await freePort()), SMTP_IGNORE_TLS: 'true' });
});

withAdminInBrowser((session) => {
  ({ strapi, sandbox, page, adminUrl, token } = session);
});

/** A select of the design system: opened by its label, then an option chosen by its text. */
async function choose(label: string | RegExp, option: string) {
  const form = page.getByTestId('alert-rule-form');
  await form.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const fitsAt = async (width: number) => {
  await page.setViewportSize({ width, height: 900 });
  expect(await overflowing(page)).toEqual([]);
};

test('alert rules made and edited in the admin fire on a failed sync; an alert is acknowledged; a rule disabled and deleted', async () => {
  const api = adminApi(strapi, token);
  const created = await api.post('/connections', sandboxConnection(sandbox, { name: 'Sandbox dealer' }));
  expect(created.status).toBe(201);
  const connectionId = created.body.data.id;
  const doomed = await api.post('/connections', sandboxConnection(sandbox, { name: 'Closing yard' }));
  expect(doomed.status).toBe(201);
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');

  await logIn(page, adminUrl);
  await dismissAdminBanner(page);
  await page.goto(`${adminUrl}/plugins/easycars/settings/alerts`);
  await page.getByRole('heading', { name: 'Alert rules' }).waitFor();
  await page.getByText('No alert rules yet — add one').waitFor();

  // a share rule: the window appears, the percent is checked as a percent and sent as a share
  await page.getByRole('button', { name: 'Add an alert rule' }).click();
  const form = page.getByTestId('alert-rule-form');
  await form.getByLabel(/^Name/).fill('Half the runs failing');
  await choose(/^Type/, 'Share of failed runs');
  await form.getByLabel(/^Threshold \(%\)/).fill('150');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Threshold must be a percent from 1 to 100').waitFor();
  await form.getByText('Window (minutes) is required for failure_rate').waitFor();
  await form.getByLabel(/^Threshold \(%\)/).fill('50');
  await form.getByLabel(/^Window \(minutes\)/).fill('60');
  await form.getByRole('checkbox', { name: /^Enabled/ }).uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  const shareRule = (await api.get('/alert-rules')).body.data[0];
  expect(shareRule).toMatchObject({ type: 'failure_rate', threshold: 0.5, windowMinutes: 60, enabled: false });

  // the rule that will fire: one failed stock run of one connection; no window for it, no kind for lead_sla
  await page.getByRole('button', { name: 'Add an alert rule' }).click();
  await form.getByLabel(/^Name/).fill('Stock sync failing');
  await choose(/^Type/, 'Lead not in EasyCars');
  expect(await form.getByRole('combobox', { name: /^Sync type/ }).count()).toBe(0);
  await choose(/^Type/, 'Consecutive failed runs');
  expect(await form.getByLabel(/^Window \(minutes\)/).count()).toBe(0);
  await form.getByText('Measures the failed runs in a row, the latest first').waitFor();
  await form.getByText('Fires when the figure reaches this: 1–1,000 failed runs in a row.').waitFor();
  await form.getByLabel(/^Threshold \(failed runs in a row\)/).fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Threshold must be a whole number of runs from 1 to 1000 for sync_failures').waitFor();
  await form.getByLabel(/^Threshold/).fill('1');
  await choose(/^Sync type/, 'Stock');
  await choose(/^Severity/, 'Critical');
  await form.getByLabel(/^E-mail recipients/).fill('ops@example.com\nnot-an-address');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('E-mail recipients must be an e-mail address').waitFor();
  await form.getByLabel(/^E-mail recipients/).fill('ops@example.com');
  // a connection deleted meanwhile: only the server knows, and says so at the field
  await choose(/^Connection/, 'Closing yard');
  expect((await api.delete(`/connections/${doomed.body.data.id}`)).status).toBe(200);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Connection does not name a connection').waitFor();
  await choose(/^Connection/, 'Sandbox dealer');
  await form.getByText('Check the highlighted fields.').waitFor({ state: 'detached' });
  await page.getByText('“Half the runs failing” added').waitFor({ state: 'hidden' });
  await screenshotWhole(page, 'alert-rule-form.png');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  const rule = (await api.get('/alert-rules')).body.data.find((r: any) => r.name === 'Stock sync failing');
  expect(rule).toMatchObject({
    type: 'sync_failures',
    connectionId,
    kind: 'stock',
    threshold: 1,
    windowMinutes: null,
    severity: 'critical',
    recipients: ['ops@example.com'],
    inApp: true,
    enabled: true,
  });

  // a real sync that fails at EasyCars: the rule fires
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 1000 });
  expect((await stockRun(strapi, connectionId)).status).toBe('failed');
  await control(sandbox, 'DELETE', '/faults');
  await page.reload();
  const rules = page.getByTestId('alert-rules-list');
  const ruleRow = rules.locator(`[data-rule-id="${rule.id}"]`);
  await waitForText(ruleRow, /Firing/);
  expect(await ruleRow.getAttribute('data-state')).toBe('firing');
  expect(await rules.locator(`[data-rule-id="${shareRule.id}"]`).getAttribute('data-state')).toBe('disabled');
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'alert-rules.png');

  // the alert: still firing, the figure against the threshold, where to look, then acknowledged
  await page.goto(`${adminUrl}/plugins/easycars/alerts`);
  await page.getByRole('heading', { name: 'Alerts' }).waitFor();
  await waitForText(page.getByTestId('alerts-badge'), /^1$/);
  // its in-app notice
  await waitForText(page.getByTestId('notifications-badge'), /^1$/);
  const list = page.getByTestId('alerts-list');
  const alertRow = list.locator('[data-alert-id]', { hasText: 'Stock sync failing' });
  await waitForText(alertRow, /1 failed runs? in a row \(Sandbox dealer, stock\)/);
  await waitForText(alertRow, /Critical/);
  await waitForText(alertRow, /Still firing/);
  await waitForText(alertRow, /threshold 1 failed run in a row/);
  expect(await alertRow.getByRole('link', { name: 'Open the runs' }).getAttribute('href')).toBe(
    `/admin/plugins/easycars/runs?connectionId=${connectionId}&kind=stock&status=failed`
  );
  await alertRow.getByRole('button', { name: /^Acknowledge/ }).click();
  await waitForText(alertRow, /By Super Admin/);
  const [alert] = (await api.get('/alerts')).body.data;
  expect(alert).toMatchObject({ status: 'firing', acknowledgedBy: { name: 'Super Admin' } });
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'alerts.png');

  // the filters live in the address
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Recovered', exact: true }).click();
  await page.waitForURL(/status=recovered/);
  await page.getByText('No alerts found — no alert matches these filters').waitFor();
  await page.goto(`${adminUrl}/plugins/easycars/alerts?status=firing&severity=critical`);
  await alertRow.waitFor();

  // a tablet and a phone: nothing wider than the screen, cards on the phone
  await fitsAt(768);
  await fitsAt(390);
  expect(await list.evaluate((el) => el.tagName)).toBe('UL');
  await screenshotWhole(page, 'alerts-phone.png');
  await page.goto(`${adminUrl}/plugins/easycars/settings/alerts`);
  await ruleRow.waitFor();
  expect(await overflowing(page)).toEqual([]);
  await screenshotWhole(page, 'alert-rules-phone.png');
  await fitsAt(768);
  await fitsAt(1440);

  // disabled while firing: the alert closes, the badge goes
  await ruleRow.getByRole('switch', { name: 'Disable “Stock sync failing”' }).click();
  await waitForText(ruleRow, /Disabled/);
  expect((await api.get('/alerts')).body.data[0]).toMatchObject({ status: 'closed' });
  await page.getByTestId('alerts-badge').waitFor({ state: 'detached' });

  // deleted after confirming; the other rule stays
  await ruleRow.getByRole('button', { name: 'Delete “Stock sync failing”' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await ruleRow.waitFor({ state: 'detached' });
  expect((await api.get('/alert-rules')).body.data.map((r: any) => r.id)).toEqual([shareRule.id]);

  // the share rule edited: its share comes back as a percent; enabled, one failed run of the two in its hour is
  // over its 40 %, and the minute's tick fires it
  await rules.getByRole('button', { name: 'Edit “Half the runs failing”' }).click();
  expect(await form.getByLabel(/^Threshold \(%\)/).inputValue()).toBe('50');
  expect(await form.getByLabel(/^Window \(minutes\)/).inputValue()).toBe('60');
  await form.getByLabel(/^Threshold \(%\)/).fill('40');
  await form.getByRole('checkbox', { name: /^Enabled/ }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  expect((await api.get('/alert-rules')).body.data[0]).toMatchObject({
    threshold: 0.4,
    windowMinutes: 60,
    enabled: true,
  });
  await strapi.plugin('easycars').service('alerts').evaluateAll(new Date());

  // someone who may only read sync data sees the alert, and why there is no Acknowledge; the rules are closed to them
  await userWithActions(strapi, 'Reader', ['plugin::easycars.read']);
  await page.context().clearCookies();
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.goto(`${adminUrl}/auth/login`);
  await page.locator('input[name="email"]').fill('reader@example.com');
  await page.locator('input[name="password"]').fill('Us3rSecret!pass');
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
  await page.goto(`${adminUrl}/plugins/easycars/alerts?status=firing`);
  const shareRow = list.locator('[data-alert-id]', { hasText: 'Half the runs failing' });
  await waitForText(shareRow, /50% \(1 of 2\) of the runs failed/);
  await waitForText(shareRow, /threshold 40%/);
  await waitForText(shareRow, /Not acknowledged \(needs “Manage connections and settings”\)/);
  expect(await shareRow.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
  await waitForText(page.getByTestId('alerts-badge'), /^1$/);
  // a list that could not be loaded says so and loads again on Retry
  const listRequest = '**/easycars/alerts?*pageSize=20';
  await page.route(listRequest, (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ data: null, error: { status: 500, name: 'InternalServerError', message: 'Down' } }),
    })
  );
  await page.reload();
  await page.getByText(/^The alerts could not be loaded/).waitFor();
  await page.unroute(listRequest);
  await page.getByRole('button', { name: 'Retry' }).click();
  await shareRow.waitFor();

  await page.goto(`${adminUrl}/plugins/easycars/settings/alerts`);
  await page
    .getByText(/permissions/i)
    .first()
    .waitFor();
  expect(await page.getByRole('button', { name: 'Add an alert rule' }).count()).toBe(0);
}, 300_000);
