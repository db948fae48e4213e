/**
 * Connections over the admin API of a booted Strapi, against the EasyCars sandbox over HTTP:
 * CRUD, validation, encryption at rest, masking, test-connection outcomes, and that no secret ever leaks.
 */
import type { Core } from '@strapi/strapi';
import { encrypt } from '../../plugins/easycars/server/src/connections/crypto';
import { http, registerSuperAdmin } from '../helpers/admin';
import { captureOutput, recordResponses } from '../helpers/capture';
import { sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const UID = 'plugin::easycars.connection';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let token: string;
let output: ReturnType<typeof captureOutput>;
const responses = recordResponses();

const newConnection = (overrides: Record<string, unknown> = {}) =>
  sandboxConnection(sandbox, { name: 'Main dealership', ...overrides });

const api = {
  get: (path: string) => http(strapi).get(path).set('Authorization', `Bearer ${token}`).then(responses.add),
  post: (path: string, body?: object) =>
    http(strapi)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body ?? {})
      .then(responses.add),
  put: (path: string, body: object) =>
    http(strapi).put(path).set('Authorization', `Bearer ${token}`).send(body).then(responses.add),
  del: (path: string) => http(strapi).delete(path).set('Authorization', `Bearer ${token}`).then(responses.add),
};

const countRows = () => strapi.db.query(UID).count();

beforeAll(async () => {
  output = captureOutput();
  sandbox = await startSandbox({ port: 0, vehicles: 20 });
  strapi = await setupStrapi({ STRAPI_LOG_LEVEL: 'debug' });
  token = await registerSuperAdmin(strapi);
});

afterAll(async () => {
  output?.stop();
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
});

describe('creating, reading, updating and deleting connections', () => {
  it('creates a connection and answers with masked credentials only', async () => {
    const res = await api.post('/easycars/connections', newConnection());
    expect(res.status).toBe(201);
    const { data } = res.body;
    expect(data).toMatchObject({
      name: 'Main dealership',
      environment: 'test',
      baseUrl: sandbox.url,
      enabled: true,
      stockSchedule: '*/30 * * * *',
      leadSchedule: '*/15 * * * *',
      credentials: { clientSecretSet: true, accountSecretSet: true, status: 'ok' },
      lastTest: null,
    });
    expect(data.credentials.clientId).toBe(`••••${sandbox.demo.ClientID.slice(-4)}`);
    expect(data.credentials.accountNumber).toBe(`••••${sandbox.demo.AccountNumber.slice(-4)}`);
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['clientSecret', 'accountSecret']));
  });

  it('stores the four credentials encrypted, never in clear', async () => {
    const { body } = await api.post('/easycars/connections', newConnection({ name: 'Encrypted' }));
    const row = await strapi.db.query(UID).findOne({ where: { documentId: body.data.id } });
    for (const field of ['clientId', 'clientSecret', 'accountNumber', 'accountSecret']) {
      expect(row[field]).toMatch(/^v2:[\w-]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    }
    const rawRow = JSON.stringify(row);
    for (const secret of Object.values(sandbox.demo)) expect(rawRow).not.toContain(secret);
    const credentials = await strapi.plugin('easycars').service('connections').credentialsOf(body.data.id);
    expect(credentials).toEqual({
      clientId: sandbox.demo.ClientID,
      clientSecret: sandbox.demo.ClientSecret,
      accountNumber: sandbox.demo.AccountNumber,
      accountSecret: sandbox.demo.AccountSecret,
    });
  });

  it('lists and reads connections', async () => {
    const created = await api.post('/easycars/connections', newConnection({ name: 'Listed' }));
    const list = await api.get('/easycars/connections');
    expect(list.status).toBe(200);
    expect(list.body.meta.total).toBe(list.body.data.length);
    expect(list.body.data.map((c: { name: string }) => c.name)).toContain('Listed');
    const one = await api.get(`/easycars/connections/${created.body.data.id}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(created.body.data);
  });

  it('keeps a secret left blank on edit, and replaces one that is given', async () => {
    const { body } = await api.post('/easycars/connections', newConnection({ name: 'Edited' }));
    const res = await api.put(`/easycars/connections/${body.data.id}`, {
      name: 'Edited again',
      clientSecret: '',
      accountSecret: 'a-new-account-secret',
      yardCode: '100',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Edited again', yardCode: '100' });
    const credentials = await strapi.plugin('easycars').service('connections').credentialsOf(body.data.id);
    expect(credentials.clientSecret).toBe(sandbox.demo.ClientSecret);
    expect(credentials.accountSecret).toBe('a-new-account-secret');
  });

  it('deletes a connection', async () => {
    const { body } = await api.post('/easycars/connections', newConnection({ name: 'Deleted' }));
    const res = await api.del(`/easycars/connections/${body.data.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id: body.data.id });
    expect((await api.get(`/easycars/connections/${body.data.id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown connection', async () => {
    for (const res of [
      await api.get('/easycars/connections/nope'),
      await api.put('/easycars/connections/nope', { name: 'x' }),
      await api.del('/easycars/connections/nope'),
      await api.post('/easycars/connections/nope/test'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/No connection with id "nope"/);
    }
  });
});

describe('validation: bad input gets a 400 naming the field and changes nothing', () => {
  it.each([
    ['a missing name', { name: undefined }, /name/],
    ['a blank client ID', { clientId: '  ' }, /clientId is required/],
    ['a missing account secret', { accountSecret: undefined }, /accountSecret/],
    ['an unknown environment', { environment: 'staging' }, /environment must be "test" or "production"/],
    ['a base URL that is not a URL', { baseUrl: 'not a url' }, /baseUrl must be an http\(s\) URL/],
    [
      'an account number that is too long',
      { accountNumber: 'EC'.padEnd(21, '1') },
      /accountNumber must be at most 20 characters/,
    ],
    ['an unknown field', { colour: 'red' }, /colour is not a known field/],
    ['a schedule that is not cron', { stockSchedule: 'every day' }, /stockSchedule must be a cron expression/],
    ['a schedule out of cron ranges', { leadSchedule: '61 * * * *' }, /leadSchedule must be a cron expression/],
    ['a non-boolean enabled flag', { enabled: 'yes' }, /enabled must be true or false/],
  ])('rejects %s', async (_label, change, message) => {
    const before = await countRows();
    const res = await api.post('/easycars/connections', newConnection(change));
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details.errors[0].path.length).toBeGreaterThan(0);
    expect(await countRows()).toBe(before);
  });

  it('rejects a bad update and leaves the connection as it was', async () => {
    const { body } = await api.post('/easycars/connections', newConnection({ name: 'Untouched' }));
    const res = await api.put(`/easycars/connections/${body.data.id}`, { name: '', environment: 'nowhere' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name is required/);
    expect(res.body.error.message).toMatch(/environment/);
    expect((await api.get(`/easycars/connections/${body.data.id}`)).body.data.name).toBe('Untouched');
  });

  it('rejects a body that is not an object', async () => {
    const res = await http(strapi)
      .post('/easycars/connections')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('["a"]')
      .then(responses.add);
    expect(res.status).toBe(400);
  });
});

describe('test connection proves both credential pairs and says which part failed', () => {
  it('succeeds with the demo credentials, without saving anything', async () => {
    const before = await countRows();
    const { name: _name, ...unsaved } = newConnection();
    const res = await api.post('/easycars/connections/test', unsaved);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Connected to EasyCars in \d+ ms$/),
    });
    expect(await countRows()).toBe(before);
    // both pairs were used: a token and a data call with the account pair
    const calls = (await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as Array<{ endpoint: string }>;
    const endpoints = calls.map((c: { endpoint: string }) => c.endpoint);
    expect(endpoints).toContain('RequestToken');
    expect(endpoints.some((e: string) => e !== 'RequestToken')).toBe(true);
  });

  it('says the client pair was rejected', async () => {
    const { name: _name, ...unsaved } = newConnection({ clientSecret: 'wrong-client-secret' });
    const res = await api.post('/easycars/connections/test', unsaved);
    expect(res.body.data).toEqual({ ok: false, stage: 'client', message: 'Client ID or secret rejected by EasyCars' });
  });

  it('says the account pair was rejected', async () => {
    const { name: _name, ...unsaved } = newConnection({ accountSecret: 'wrong-account-secret' });
    const res = await api.post('/easycars/connections/test', unsaved);
    expect(res.body.data).toEqual({ ok: false, stage: 'account', message: 'Account number or secret rejected' });
  });

  it('says when EasyCars cannot be reached', async () => {
    const { name: _name, ...unsaved } = newConnection({ baseUrl: 'http://127.0.0.1:9' });
    const res = await api.post('/easycars/connections/test', unsaved);
    expect(res.body.data).toMatchObject({ ok: false, stage: 'network' });
    expect(res.body.data.message).toMatch(/Could not reach EasyCars/);
  });

  it('gives up after 10 s when EasyCars does not answer', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: '*', type: 'timeout', count: 10 }),
    });
    const { name: _name, ...unsaved } = newConnection();
    const res = await api.post('/easycars/connections/test', unsaved);
    expect(res.body.data).toEqual({ ok: false, stage: 'timeout', message: 'EasyCars did not answer in 10 s' });
  });

  it('tests a saved connection and remembers the outcome', async () => {
    const { body } = await api.post('/easycars/connections', newConnection({ name: 'Saved test' }));
    const res = await api.post(`/easycars/connections/${body.data.id}/test`);
    expect(res.body.data.ok).toBe(true);
    const after = await api.get(`/easycars/connections/${body.data.id}`);
    expect(after.body.data.lastTest).toMatchObject({ ok: true, message: res.body.data.message });
  });

  it('shows credentials that no longer decrypt as "needs re-entry" instead of failing', async () => {
    const { body } = await api.post('/easycars/connections', newConnection({ name: 'Old key' }));
    const anotherKey = Buffer.alloc(32, 7);
    await strapi.db.query(UID).update({
      where: { documentId: body.data.id },
      data: { clientSecret: encrypt('whatever', anotherKey, 'any place') },
    });
    const one = await api.get(`/easycars/connections/${body.data.id}`);
    expect(one.status).toBe(200);
    expect(one.body.data.credentials.status).toBe('needs-reentry');
    const list = await api.get('/easycars/connections');
    expect(list.status).toBe(200);
    const tested = await api.post(`/easycars/connections/${body.data.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body.data).toMatchObject({
      ok: false,
      stage: 'credentials',
      message: expect.stringMatching(/Re-enter/),
    });
    // re-entering the secret heals it
    await api.put(`/easycars/connections/${body.data.id}`, { clientSecret: sandbox.demo.ClientSecret });
    expect((await api.get(`/easycars/connections/${body.data.id}`)).body.data.credentials.status).toBe('ok');
  });
});

describe('secrets never leak', () => {
  it('appears in no response and no log line of this whole suite', () => {
    expect(responses.count()).toBeGreaterThan(20);
    const everything = `${responses.text()}\n${output.text()}`;
    for (const secret of [
      sandbox.demo.ClientID,
      sandbox.demo.ClientSecret,
      sandbox.demo.AccountNumber,
      sandbox.demo.AccountSecret,
      'a-new-account-secret',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
