/**
 * Who reads what through the content API (REST and GraphQL), with real API tokens on a booted Strapi: a website's
 * read-only token reads listed vehicles and nothing personal; leads and sync data need a token given those
 * permissions explicitly; sync data never carries call logs, stacks, admin e-mails or lead customer fields; the
 * plugin's admin API still shows everything.
 */
import type { Core } from '@strapi/strapi';
import { http, registerSuperAdmin } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const LEAD = 'api::lead.lead';
const VEHICLE = 'api::vehicle.vehicle';
const RUN = 'plugin::easycars.sync-run';
const ITEM = 'plugin::easycars.sync-item';
const CONFLICT = 'plugin::easycars.conflict';
const SYNC_READ = 'plugin::easycars.sync-data.read';

/** Values that must never reach a content-API client that is not given leads explicitly. */
const CUSTOMER = {
  name: 'Jo Secretname',
  email: 'jo.secret@example.com',
  phone: '0400 999 888',
  mobile: '0411 777 666',
  address: '1 Hidden Street',
};
const ADMIN_EMAIL = 'boss@dealer.example';
const STACK = 'Error: boom at secretFrame (engine.js:12:3)';
const CALL_BODY = 'CreateLeadBodyMarker';
const NEVER_IN_SYNC_DATA = [...Object.values(CUSTOMER), ADMIN_EMAIL, STACK, CALL_BODY];

let strapi: Core.Strapi;
let adminJwt: string;
let leadId: string;
let runId: number;
const tokens: Record<'readOnly' | 'fullAccess' | 'leadReader' | 'syncReader', string> = {} as any;

async function createToken(name: string, type: string, permissions?: string[]) {
  const token = await strapi
    .service('admin::api-token')
    .create({ name, description: '', type, lifespan: null, ...(permissions ? { permissions } : {}) } as any);
  return token.accessKey as string;
}

const bearer = (token?: string) => (token ? { Authorization: `Bearer ${token}` } : {});
const rest = (path: string, token?: string) => http(strapi).get(path).set(bearer(token));
const gql = (query: string, token?: string) => http(strapi).post('/graphql').set(bearer(token)).send({ query });

function expectNoneOf(text: string, values: string[]) {
  for (const value of values) expect([value, text.includes(value)]).toEqual([value, false]);
}

function expectForbidden(res: { status: number; body: any }) {
  if (res.status === 200) {
    // GraphQL answers 200 with an error and no data
    expect(res.body.errors?.[0]?.extensions?.code ?? res.body.errors?.[0]?.message).toMatch(/forbidden/i);
  } else {
    expect(res.status).toBe(403);
  }
}

const RUNS_QUERY = '{ easycarsSyncRuns { documentId status kind errorMessage } }';
const ITEMS_QUERY = '{ easycarsSyncItems { documentId entity action before after changedFields } }';
const CONFLICTS_QUERY = '{ easycarsConflicts { documentId entity fields base local remote status } }';
const LEADS_QUERY = '{ leads { documentId name email phone } }';

beforeAll(async () => {
  strapi = await setupStrapi();
  strapi.config.set('plugin::easycars.leads', { pushOnCreate: false });
  adminJwt = await registerSuperAdmin(strapi);

  await strapi
    .documents(VEHICLE)
    .create({ data: { title: 'Listed Mazda', source: 'manual', listingStatus: 'listed' } as any });
  await strapi
    .documents(VEHICLE)
    .create({ data: { title: 'Sold Holden', source: 'manual', listingStatus: 'unlisted' } as any });
  const lead = await strapi
    .documents(LEAD)
    .create({ data: { ...CUSTOMER, message: 'Call me', source: 'website' } as any });
  leadId = lead.documentId;

  const run = await strapi.documents(RUN as any).create({
    data: {
      connectionId: 'c1',
      kind: 'lead',
      direction: 'outbound',
      trigger: 'manual',
      triggeredBy: ADMIN_EMAIL,
      status: 'failed',
      errorMessage: 'EasyCars answered 500',
      errorStack: STACK,
      apiCalls: [{ method: 'CreateLead', body: { Name: CUSTOMER.name, Email: CUSTOMER.email, Note: CALL_BODY } }],
    } as any,
  });
  runId = Number(run.id);
  await strapi.documents(ITEM as any).create({
    data: {
      runId,
      connectionId: 'c1',
      entity: 'lead',
      externalKey: '000042',
      localId: leadId,
      action: 'refreshed',
      before: { name: CUSTOMER.name, email: CUSTOMER.email, phone: CUSTOMER.phone, status: 'new' },
      after: { local: { mobile: CUSTOMER.mobile, status: 'won' }, easycars: { Address: CUSTOMER.address } },
      changedFields: ['status'],
    } as any,
  });
  await strapi.documents(CONFLICT as any).create({
    data: {
      connectionId: 'c1',
      entity: 'lead',
      externalKey: '000042',
      localId: leadId,
      runId,
      fields: ['email', 'status'],
      base: { email: CUSTOMER.email, status: 'new' },
      local: { email: 'other.' + CUSTOMER.email, status: 'won' },
      remote: { email: CUSTOMER.email, status: 'lost' },
      status: 'resolved',
      strategy: 'manual',
      resolvedBy: ADMIN_EMAIL,
    } as any,
  });

  tokens.readOnly = await createToken('website', 'read-only');
  tokens.fullAccess = await createToken('back office', 'full-access');
  tokens.leadReader = await createToken('crm export', 'custom', [`${LEAD}.find`, `${LEAD}.findOne`]);
  tokens.syncReader = await createToken('sync dashboard', 'custom', [SYNC_READ]);
});

afterAll(async () => {
  await teardownStrapi();
});

describe('a read-only token (the website)', () => {
  it('reads listed vehicles over REST and GraphQL, unlisted ones only when it filters on listingStatus', async () => {
    const list = await rest('/api/vehicles', tokens.readOnly);
    expect(list.status).toBe(200);
    expect(list.body.data.map((v: any) => v.title)).toEqual(['Listed Mazda']);
    const unlisted = await rest('/api/vehicles?filters[listingStatus][$eq]=unlisted', tokens.readOnly);
    expect(unlisted.body.data.map((v: any) => v.title)).toEqual(['Sold Holden']);

    const q = await gql('{ vehicles { title } }', tokens.readOnly);
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data.vehicles.map((v: any) => v.title)).toEqual(['Listed Mazda']);
    const conn = await gql('{ vehicles_connection { nodes { title } pageInfo { total } } }', tokens.readOnly);
    expect(conn.body.data.vehicles_connection).toEqual({ nodes: [{ title: 'Listed Mazda' }], pageInfo: { total: 1 } });
    const q2 = await gql('{ vehicles(filters: { listingStatus: { eq: "unlisted" } }) { title } }', tokens.readOnly);
    expect(q2.body.data.vehicles.map((v: any) => v.title)).toEqual(['Sold Holden']);
  });

  it('is refused leads over REST and GraphQL', async () => {
    for (const res of [
      await rest('/api/leads', tokens.readOnly),
      await rest(`/api/leads/${leadId}`, tokens.readOnly),
      await gql(LEADS_QUERY, tokens.readOnly),
      await gql(`{ lead(documentId: "${leadId}") { name email } }`, tokens.readOnly),
      await gql('{ leads_connection { nodes { name email } } }', tokens.readOnly),
    ]) {
      expectForbidden(res);
      expectNoneOf(res.text, Object.values(CUSTOMER));
    }
  });

  it('is refused sync runs, items and conflicts over REST and GraphQL', async () => {
    for (const res of [
      await rest('/api/easycars/sync-runs', tokens.readOnly),
      await rest('/api/easycars/sync-items', tokens.readOnly),
      await rest('/api/easycars/conflicts', tokens.readOnly),
      await gql(RUNS_QUERY, tokens.readOnly),
      await gql(ITEMS_QUERY, tokens.readOnly),
      await gql(CONFLICTS_QUERY, tokens.readOnly),
      await gql('{ easycarsSyncRuns_connection { nodes { status } } }', tokens.readOnly),
    ]) {
      expectForbidden(res);
      expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
    }
  });
});

describe('the public (no token, users-permissions Public role)', () => {
  it('still sends the lead form, and reads no leads or sync data', async () => {
    const sent = await http(strapi)
      .post('/api/leads')
      .send({ data: { name: 'Pat Public', email: 'pat@example.com' } });
    expect(sent.status).toBe(201);
    // vehicles are not public as installed either: a website uses a token
    expect((await rest('/api/vehicles')).status).toBe(403);
    for (const res of [
      await rest('/api/leads'),
      await rest('/api/easycars/sync-runs'),
      await gql(LEADS_QUERY),
      await gql(RUNS_QUERY),
      await gql(ITEMS_QUERY),
      await gql(CONFLICTS_QUERY),
    ]) {
      expectForbidden(res);
      expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
    }
  });
});

describe('a logged-in website user (users-permissions Authenticated role, as installed)', () => {
  it('reads no leads or sync data', async () => {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const password = 'Us3rSecret!pass';
    await strapi.plugin('users-permissions').service('user').add({
      username: 'visitor',
      email: 'visitor@example.com',
      password,
      provider: 'local',
      confirmed: true,
      role: role.id,
    });
    const login = await http(strapi).post('/api/auth/local').send({ identifier: 'visitor@example.com', password });
    expect(login.status).toBe(200);
    const jwt = login.body.jwt;
    for (const res of [
      await rest('/api/leads', jwt),
      await rest('/api/easycars/sync-items', jwt),
      await gql(LEADS_QUERY, jwt),
      await gql(ITEMS_QUERY, jwt),
    ]) {
      expectForbidden(res);
      expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
    }
  });
});

describe('a custom token given the lead find actions', () => {
  it('reads leads over REST and GraphQL', async () => {
    const list = await rest('/api/leads', tokens.leadReader);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ documentId: leadId, email: CUSTOMER.email })])
    );
    expect((await rest(`/api/leads/${leadId}`, tokens.leadReader)).body.data.name).toBe(CUSTOMER.name);
    const q = await gql(LEADS_QUERY, tokens.leadReader);
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data.leads).toEqual(
      expect.arrayContaining([expect.objectContaining({ documentId: leadId, phone: CUSTOMER.phone })])
    );
  });

  it('is still refused sync data', async () => {
    expectForbidden(await rest('/api/easycars/sync-runs', tokens.leadReader));
    expectForbidden(await gql(RUNS_QUERY, tokens.leadReader));
  });
});

describe('a custom token given the sync-data read permission', () => {
  it('reads runs, items and conflicts over GraphQL without call logs, stacks, admin e-mails or customer fields', async () => {
    const runs = await gql(RUNS_QUERY, tokens.syncReader);
    expect(runs.body.errors).toBeUndefined();
    expect(runs.body.data.easycarsSyncRuns).toEqual([
      expect.objectContaining({ status: 'failed', errorMessage: 'EasyCars answered 500' }),
    ]);

    const items = await gql(ITEMS_QUERY, tokens.syncReader);
    expect(items.body.errors).toBeUndefined();
    expect(items.body.data.easycarsSyncItems).toEqual([
      expect.objectContaining({
        entity: 'lead',
        before: { status: 'new' },
        after: { local: { status: 'won' }, easycars: {} },
      }),
    ]);
    const conflicts = await gql(CONFLICTS_QUERY, tokens.syncReader);
    expect(conflicts.body.errors).toBeUndefined();
    expect(conflicts.body.data.easycarsConflicts).toEqual([
      expect.objectContaining({ base: { status: 'new' }, local: { status: 'won' }, remote: { status: 'lost' } }),
    ]);
    const conn = await gql('{ easycarsSyncItems_connection { nodes { before after } } }', tokens.syncReader);
    expect(conn.body.errors).toBeUndefined();
    expect(conn.body.data.easycarsSyncItems_connection.nodes).toHaveLength(1);
    const one = await gql(`{ easycarsSyncItems(filters: { runId: { eq: ${runId} } }) { before } }`, tokens.syncReader);
    expect(one.body.data.easycarsSyncItems).toEqual([{ before: { status: 'new' } }]);

    for (const res of [runs, items, conflicts, conn, one]) expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
  });

  it('cannot even ask GraphQL for the call log, the stack or who triggered or resolved', async () => {
    const res = await gql(
      '{ easycarsSyncRuns { apiCalls errorStack triggeredBy } easycarsConflicts { resolvedBy } }',
      tokens.syncReader
    );
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors.length).toBeGreaterThan(0);
    expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
  });

  it('reads the same data over REST, sanitised the same way', async () => {
    const runs = await rest('/api/easycars/sync-runs', tokens.syncReader);
    expect(runs.status).toBe(200);
    expect(runs.body.data).toEqual([expect.objectContaining({ status: 'failed', kind: 'lead' })]);
    expect(runs.body.meta.pagination).toMatchObject({ total: 1 });
    const items = await rest('/api/easycars/sync-items', tokens.syncReader);
    expect(items.status).toBe(200);
    expect(items.body.data).toEqual([expect.objectContaining({ before: { status: 'new' } })]);
    const conflicts = await rest('/api/easycars/conflicts', tokens.syncReader);
    expect(conflicts.status).toBe(200);
    expect(conflicts.body.data).toEqual([expect.objectContaining({ remote: { status: 'lost' } })]);
    for (const res of [runs, items, conflicts]) expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
    // connections and the identity map are not sync data the content API serves
    expect((await rest('/api/easycars/connections', tokens.syncReader)).status).toBe(404);
    expect((await rest('/api/easycars/record-states', tokens.syncReader)).status).toBe(404);
  });

  it('is refused leads', async () => {
    expectForbidden(await rest('/api/leads', tokens.syncReader));
    expectForbidden(await gql(LEADS_QUERY, tokens.syncReader));
  });
});

describe('giving the sync-data read permission', () => {
  it('is offered in the API-token permission list, next to the lead actions', async () => {
    const res = await http(strapi)
      .get('/admin/content-api/permissions')
      .set({ Authorization: `Bearer ${adminJwt}` });
    expect(res.status).toBe(200);
    expect(res.body.data['plugin::easycars'].controllers['sync-data']).toEqual(['read']);
    expect(res.body.data['api::lead'].controllers.lead).toEqual(expect.arrayContaining(['find', 'findOne']));
  });

  it('works for a users-permissions role too (here the Public role, given it explicitly)', async () => {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: SYNC_READ, role: role.id } });
    const items = await rest('/api/easycars/sync-items');
    expect(items.status).toBe(200);
    expect(items.body.data).toEqual([expect.objectContaining({ before: { status: 'new' } })]);
    const q = await gql(ITEMS_QUERY);
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data.easycarsSyncItems).toHaveLength(1);
    for (const res of [items, q]) expectNoneOf(res.text, NEVER_IN_SYNC_DATA);
    // leads stay closed to the public
    expectForbidden(await gql(LEADS_QUERY));
    await strapi.db
      .query('plugin::users-permissions.permission')
      .delete({ where: { action: SYNC_READ, role: role.id } });
  });
});

describe('a full-access token', () => {
  it('reads leads and sync data, still without the sync internals', async () => {
    const leads = await rest('/api/leads', tokens.fullAccess);
    expect(leads.status).toBe(200);
    expect(leads.text).toContain(CUSTOMER.email);
    const items = await gql(ITEMS_QUERY, tokens.fullAccess);
    expect(items.body.errors).toBeUndefined();
    expect(items.body.data.easycarsSyncItems).toHaveLength(1);
    expectNoneOf(items.text, NEVER_IN_SYNC_DATA);
  });
});

describe('the plugin admin API', () => {
  it('keeps returning the full run and items to an admin', async () => {
    const auth = { Authorization: `Bearer ${adminJwt}` };
    const run = await http(strapi).get(`/easycars/runs/${runId}`).set(auth);
    expect(run.status).toBe(200);
    expect(run.body.data).toMatchObject({ triggeredBy: ADMIN_EMAIL, errorStack: STACK });
    expect(JSON.stringify(run.body.data.apiCalls)).toContain(CALL_BODY);
    const items = await http(strapi).get(`/easycars/runs/${runId}/items`).set(auth);
    expect(items.status).toBe(200);
    expect(items.body.data[0].before).toMatchObject({ name: CUSTOMER.name, email: CUSTOMER.email });
  });
});
