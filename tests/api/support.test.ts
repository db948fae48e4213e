/**
 * The support contacts: the dealership's own technical support and its EasyCars contact, set under the plugin's
 * settings (permission *Manage connections and settings*, audited) and read by every admin page's Help & support
 * panel (permission *Read sync data*). Nothing is there until an administrator enters it.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { adminApi, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
let admin: ReturnType<typeof adminApi>;
let reader: ReturnType<typeof adminApi>;
let outsider: ReturnType<typeof adminApi>;

const INTERNAL = { name: 'Dealer IT desk', email: 'it@dealer.example', phone: '07 3000 0000', notes: 'Weekdays 8–5' };
const EASYCARS = { name: 'EasyCars support', email: 'support@easycars.example', phone: null, notes: null };

beforeAll(async () => {
  strapi = await setupStrapi();
  admin = adminApi(strapi, await registerSuperAdmin(strapi));
  reader = adminApi(strapi, await userWithActions(strapi, 'Reader', [ACTIONS.read]));
  outsider = adminApi(strapi, await userWithActions(strapi, 'Outsider', []));
});

afterAll(teardownStrapi);

it('has no contact until one is entered: nothing is made up', async () => {
  const res = await reader.get('/support');
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({ internal: null, easycars: null, documentationUrl: null });
});

it('saves both contacts under the settings, audited, and shows them to every reader', async () => {
  const saved = await admin.put('/settings', { supportContacts: { internal: INTERNAL, easycars: EASYCARS } });
  expect(saved.status).toBe(200);
  expect(saved.body.data.supportContacts).toEqual({ internal: INTERNAL, easycars: EASYCARS });
  expect((await reader.get('/support')).body.data).toEqual({
    internal: INTERNAL,
    easycars: EASYCARS,
    documentationUrl: null,
  });

  const audit = await admin.get('/audit?action=settings.updated&pageSize=5');
  expect(audit.status).toBe(200);
  expect(audit.body.data[0].changes).toEqual([
    {
      field: 'supportContacts',
      before: { internal: null, easycars: null },
      after: { internal: INTERNAL, easycars: EASYCARS },
    },
  ]);
});

it('keeps the documentation address the guide links start from, and leaves it alone when not named', async () => {
  const docs = 'https://git.dealer.example/website/-/tree/main/docs';
  expect((await admin.put('/settings', { documentationUrl: docs })).status).toBe(200);
  expect((await admin.put('/settings', { notificationRecipients: [] })).body.data.documentationUrl).toBe(docs);
  expect((await reader.get('/support')).body.data.documentationUrl).toBe(docs);
  const bad = await admin.put('/settings', { documentationUrl: 'javascript:alert(1)' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors[0]).toMatchObject({
    path: ['documentationUrl'],
    message: expect.stringMatching(/http or https address/),
  });
  expect((await admin.put('/settings', { documentationUrl: '' })).body.data.documentationUrl).toBeNull();
});

it('changes one contact and keeps the other; null clears one; blanks are stored as none', async () => {
  const res = await admin.put('/settings', {
    supportContacts: { internal: { name: ' Dealer IT desk ', email: '', phone: '', notes: '' } },
  });
  expect(res.status).toBe(200);
  expect(res.body.data.supportContacts).toEqual({
    internal: { name: 'Dealer IT desk', email: null, phone: null, notes: null },
    easycars: EASYCARS,
  });
  const cleared = await admin.put('/settings', { supportContacts: { easycars: null } });
  expect(cleared.body.data.supportContacts.easycars).toBeNull();
  expect(cleared.body.data.supportContacts.internal.name).toBe('Dealer IT desk');
});

it('refuses a bad contact with a 400 naming the field, and changes nothing', async () => {
  const before = (await reader.get('/support')).body.data;
  const cases: Array<[unknown, string, RegExp]> = [
    [{ internal: { ...INTERNAL, email: 'not-an-address' } }, 'supportContacts.internal.email', /e-mail address/],
    [{ internal: { ...INTERNAL, name: '' } }, 'supportContacts.internal.name', /is required/],
    [{ easycars: { ...EASYCARS, phone: 'x'.repeat(41) } }, 'supportContacts.easycars.phone', /at most 40/],
    [{ easycars: { ...EASYCARS, website: 'https://x' } }, 'supportContacts.easycars.website', /not a known field/],
    [{ other: INTERNAL }, 'supportContacts.other', /not a known field/],
    ['IT desk', 'supportContacts', /must be an object/],
  ];
  for (const [supportContacts, path, message] of cases) {
    const res = await admin.put('/settings', { supportContacts });
    expect(res.status).toBe(400);
    const issue = res.body.error.details.errors.find((e: any) => e.path.join('.') === path);
    expect(issue?.message).toMatch(message);
  }
  expect((await reader.get('/support')).body.data).toEqual(before);
});

it('lets only settings managers change them, and only readers of the plugin read them', async () => {
  expect((await reader.put('/settings', { supportContacts: { internal: null } })).status).toBe(403);
  expect((await outsider.get('/support')).status).toBe(403);
});
