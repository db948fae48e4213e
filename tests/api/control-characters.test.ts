/**
 * NUL and other control characters at every edge: a 400 that names the field and writes nothing, on SQLite and on
 * PostgreSQL (where a NUL reaching the database used to be a 500 "invalid byte sequence for encoding UTF8: 0x00").
 * Also: a wrong type is reported as a wrong type, and paging says its bounds.
 */
import type { Core } from '@strapi/strapi';
import { http, registerSuperAdmin } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { createConnection } from '../queue/helpers';

const CONNECTION = 'plugin::easycars.connection';
const RUN = 'plugin::easycars.sync-run';
const LEAD = 'api::lead.lead';

let strapi: Core.Strapi;
let token: string;
let connectionId: string;

const admin = {
  get: (path: string) => http(strapi).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: unknown) =>
    http(strapi)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object),
  put: (path: string, body: unknown) =>
    http(strapi)
      .put(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object),
};

const newConnection = (overrides: Record<string, unknown> = {}) => ({
  name: 'Second yard',
  environment: 'test',
  baseUrl: 'http://127.0.0.1:9',
  clientId: 'client-0002',
  clientSecret: 'client-secret-0002',
  accountNumber: 'EC1002',
  accountSecret: 'account-secret-0002',
  ...overrides,
});
const lead = (overrides: Record<string, unknown> = {}) => ({
  data: { name: 'Jo Bloggs', email: 'jo@example.com', ...overrides },
});

/** Every table an edge could write to, so "nothing written" is one comparison. */
async function counts() {
  return {
    connections: await strapi.db.query(CONNECTION).count(),
    runs: await strapi.db.query(RUN as any).count(),
    leads: await strapi.db.query(LEAD).count(),
  };
}

function expectRefused(res: { status: number; body: any }, field: string) {
  expect({ status: res.status, name: res.body?.error?.name }).toEqual({ status: 400, name: 'ValidationError' });
  expect(res.body.error.message).toMatch(new RegExp(`\\b${field} must not contain control characters`));
}

beforeAll(async () => {
  delete process.env.REDIS_URL;
  strapi = await setupStrapi({
    EASYCARS_SCHEDULES: 'off',
    LEAD_FORM_RATE_LIMIT: '1000',
    LEAD_FORM_RATE_WINDOW_SECONDS: '60',
  });
  strapi.config.set('plugin::easycars.leads', { pushOnCreate: false });
  token = await registerSuperAdmin(strapi);
  connectionId = (await createConnection(strapi)).id;
});

afterAll(async () => {
  await teardownStrapi();
});

describe('a NUL byte in any input is a 400 naming the field, and nothing is written', () => {
  const NUL = 'ab\u0000c';

  it.each([
    ['connection name', () => admin.post('/easycars/connections', newConnection({ name: NUL })), 'name'],
    ['connection yardCode', () => admin.post('/easycars/connections', newConnection({ yardCode: NUL })), 'yardCode'],
    ['connection name on update', () => admin.put(`/easycars/connections/${connectionId}`, { name: NUL }), 'name'],
    [
      'unsaved test clientId',
      () => admin.post('/easycars/connections/test', newConnection({ clientId: NUL, name: undefined })),
      'clientId',
    ],
    [
      'lead name',
      () =>
        http(strapi)
          .post('/api/leads')
          .send(lead({ name: NUL })),
      'name',
    ],
    [
      'lead message',
      () =>
        http(strapi)
          .post('/api/leads')
          .send(lead({ message: NUL })),
      'message',
    ],
    [
      'lead vehicle',
      () =>
        http(strapi)
          .post('/api/leads')
          .send(lead({ vehicle: NUL })),
      'vehicle',
    ],
    ['connection id in the path', () => admin.get('/easycars/connections/ab%00c'), 'id'],
    ['connectionId in the run query', () => admin.get('/easycars/runs?connectionId=ab%00c'), 'connectionId'],
    [
      'connectionId of a sync',
      () => admin.post('/easycars/sync', { connectionId: NUL, kind: 'stock' }),
      'connectionId',
    ],
    ['a content API filter', () => http(strapi).get('/api/vehicles?filters[make][$eq]=a%00b'), 'filters.make.\\$eq'],
  ])('%s', async (_label, send, field) => {
    const before = await counts();
    expectRefused(await send(), field);
    expect(await counts()).toEqual(before);
    const row = await strapi.db.query(CONNECTION).findOne({ where: { documentId: connectionId } });
    expect(row.name).toBe('Main yard');
  });
});

describe('route parameters are inputs too', () => {
  it('a connection id that is far too long is a 400 naming id, not a 404', async () => {
    const res = await admin.get(`/easycars/connections/${'x'.repeat(101)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('id must be at most 100 characters');
  });
});

describe('other control characters', () => {
  it.each([
    ['a tab in a connection name', { name: 'Main\tyard' }, 'name'],
    ['a line feed in a connection name', { name: 'Main\nyard' }, 'name'],
    ['DEL in a client ID', { clientId: 'client\u007f01' }, 'clientId'],
    ['an escape in a yard code', { yardCode: '\u001bY1' }, 'yardCode'],
  ])('single-line fields refuse %s', async (_label, change, field) => {
    const before = await counts();
    expectRefused(await admin.post('/easycars/connections', newConnection(change)), field);
    expect(await counts()).toEqual(before);
  });

  it('a lead message keeps tabs and line breaks but refuses the other control characters', async () => {
    const ok = await http(strapi)
      .post('/api/leads')
      .send(lead({ message: 'Hello,\r\n\tis it still for sale?' }));
    expect(ok.status).toBe(201);
    const row = await strapi.db.query(LEAD).findOne({ where: { documentId: ok.body.data.documentId } });
    expect(row.message).toBe('Hello,\r\n\tis it still for sale?');

    const before = await counts();
    expectRefused(
      await http(strapi)
        .post('/api/leads')
        .send(lead({ message: 'bell \u0007' })),
      'message'
    );
    expectRefused(
      await http(strapi)
        .post('/api/leads')
        .send(lead({ name: 'Jo\nBloggs' })),
      'name'
    );
    expect(await counts()).toEqual(before);
  });
});

describe('a wrong type is a wrong type, not a missing field', () => {
  it.each([
    ['a number as name', { name: 42 }, 'name must be a string'],
    ['a number as clientId', { clientId: 42 }, 'clientId must be a string'],
    ['an object as clientId', { clientId: { $ne: null } }, 'clientId must be a string'],
  ])('connection: %s', async (_label, change, message) => {
    const res = await admin.post('/easycars/connections', newConnection(change));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it.each([
    ['a number', 42],
    ['an operator object', { $ne: null }],
  ])('sync: %s as connectionId', async (_label, value) => {
    const before = await counts();
    const res = await admin.post('/easycars/sync', { connectionId: value, kind: 'stock' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('connectionId must be a string');
    expect(await counts()).toEqual(before);
  });

  it('runs: an operator object as connectionId', async () => {
    const res = await admin.get('/easycars/runs?connectionId[$ne]=x');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('connectionId must be a string');
  });

  it('lead form: a number as name', async () => {
    const res = await http(strapi)
      .post('/api/leads')
      .send(lead({ name: 42 }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('name must be a string');
  });
});

describe('paging says its bounds', () => {
  it.each([
    ['pageSize=0', 'pageSize must be a whole number from 1 to 100'],
    ['pageSize=1000', 'pageSize must be a whole number from 1 to 100'],
    ['page=0', 'page must be a whole number from 1 to 10000'],
    ['page=1e20', 'page must be a whole number from 1 to 10000'],
    ['page=abc', 'page must be a whole number from 1 to 10000'],
    ['page=1.5', 'page must be a whole number from 1 to 10000'],
  ])('runs ?%s', async (query, message) => {
    const res = await admin.get(`/easycars/runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('run items ?pageSize=0', async () => {
    const res = await admin.get('/easycars/runs/1/items?pageSize=0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('pageSize must be a whole number from 1 to 200');
  });

  it('the largest page is still an answer', async () => {
    const res = await admin.get('/easycars/runs?page=10000&pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});

describe('what is allowed stays allowed', () => {
  it('uploads (multipart) and the admin login are not affected', async () => {
    const login = await http(strapi)
      .post('/admin/login')
      .send({ email: 'super@example.com', password: 'Sup3rSecret!pass' });
    expect(login.status).toBe(200);
    const upload = await http(strapi)
      .post('/upload')
      .set('Authorization', `Bearer ${token}`)
      .attach('files', Buffer.from('binary \u0000\u0001 bytes'), 'bytes.txt');
    expect(upload.status).toBe(201);
  });
});

describe('GraphQL', () => {
  it('a NUL in a query variable is refused, not a database error', async () => {
    const created = await strapi
      .service('admin::api-token')
      .create({ name: 'website', description: '', type: 'read-only', lifespan: null } as any);
    const res = await http(strapi)
      .post('/graphql')
      .set('Authorization', `Bearer ${created.accessKey}`)
      .send({
        query: 'query ($make: String) { vehicles(filters: { make: { eq: $make } }) { documentId } }',
        variables: { make: 'a\u0000b' },
      });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/variables\.make must not contain control characters/);
  });

  it('a NUL in a string literal of the query is refused too, naming the argument', async () => {
    const res = await http(strapi)
      .post('/graphql')
      .send({ query: '{ vehicles(filters: { make: { eq: "a\\u0000b" } }) { documentId } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('filters.make.eq must not contain control characters');
  });
});
