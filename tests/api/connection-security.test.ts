/**
 * Credentials go only to the place they were entered for, and a base URL cannot point EasyCars calls at the
 * server's own network. A booted Strapi, the sandbox over HTTP, and a second HTTP listener that stands for
 * "somewhere else" and records every request it receives.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { createCipheriv } from 'crypto';
import { keyId, loadKey } from '../../plugins/easycars/server/src/connections/crypto';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { accountKeyOfConnection } from '../../plugins/easycars/server/src/sync/lead/accounts';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { http as request, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { allowBaseUrl, sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const UID = 'plugin::easycars.connection';
const SECRETS = ['clientId', 'clientSecret', 'accountNumber', 'accountSecret'];

let strapi: Core.Strapi;
let sandbox: Sandbox;
let superToken: string;
let settingsToken: string;
let elsewhere: { url: string; seen: string[]; close(): Promise<void> };

async function recordingListener() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    res.statusCode = 404;
    res.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const as = (token: string) => ({
  post: (path: string, body: object = {}) =>
    request(strapi).post(path).set('Authorization', `Bearer ${token}`).send(body),
  put: (path: string, body: object) => request(strapi).put(path).set('Authorization', `Bearer ${token}`).send(body),
});

const row = (documentId: string) => strapi.db.query(UID).findOne({ where: { documentId } });

async function createConnection(name: string) {
  const res = await as(superToken).post('/easycars/connections', sandboxConnection(sandbox, { name }));
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

async function stockSync(connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
  return runs.findOne(run.id);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 5 });
  elsewhere = await recordingListener();
  // the operator listed it, so a connection may be moved there, with its credentials entered again
  allowBaseUrl(elsewhere.url);
  strapi = await setupStrapi();
  superToken = await registerSuperAdmin(strapi);
  settingsToken = await userWithActions(strapi, 'Connections only', [ACTIONS.settings]);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
  await elsewhere?.close();
});

beforeEach(() => {
  elsewhere.seen.length = 0;
});

describe('moving a connection needs its credentials again', () => {
  it('refuses a new base URL without the four secrets, names them, and changes nothing', async () => {
    const id = await createConnection('Moved without secrets');
    const before = await row(id);
    const res = await as(settingsToken).put(`/easycars/connections/${id}`, { baseUrl: elsewhere.url });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/must be re-entered: changing the base URL or environment/);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path[0])).toEqual(SECRETS);
    expect(await row(id)).toEqual(before);

    const test = await as(settingsToken).post(`/easycars/connections/${id}/test`);
    expect(test.body.data.ok).toBe(true);
    expect(elsewhere.seen).toEqual([]);
  });

  it('refuses a new environment without the four secrets', async () => {
    const id = await createConnection('Environment without secrets');
    const res = await as(settingsToken).put(`/easycars/connections/${id}`, { environment: 'production' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toHaveLength(4);
    expect((await row(id)).environment).toBe('test');
  });

  it('refuses a new base URL with only some of the secrets', async () => {
    const id = await createConnection('Moved with two secrets');
    const res = await as(settingsToken).put(`/easycars/connections/${id}`, {
      baseUrl: elsewhere.url,
      clientId: 'typed-again',
      clientSecret: 'typed-again',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path[0])).toEqual([
      'accountNumber',
      'accountSecret',
    ]);
  });

  it('accepts the move with the four secrets re-entered, and only then calls the new place', async () => {
    const id = await createConnection('Moved properly');
    const res = await as(settingsToken).put(`/easycars/connections/${id}`, {
      baseUrl: elsewhere.url,
      clientId: 'new-client',
      clientSecret: 'new-client-secret',
      accountNumber: 'EC999',
      accountSecret: 'new-account-secret',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.baseUrl).toBe(elsewhere.url);
    await as(settingsToken).post(`/easycars/connections/${id}/test`);
    expect(elsewhere.seen.length).toBeGreaterThan(0);
    expect(elsewhere.seen.join(' ')).toContain('new-client');
    expect(elsewhere.seen.join(' ')).not.toContain(sandbox.demo.ClientSecret);
  });

  it('keeps the secrets when the base URL is saved unchanged', async () => {
    const id = await createConnection('Same place');
    const res = await as(settingsToken).put(`/easycars/connections/${id}`, {
      baseUrl: `${sandbox.url}/`,
      name: 'Same place, renamed',
    });
    expect(res.status).toBe(200);
    expect((await as(settingsToken).post(`/easycars/connections/${id}/test`)).body.data.ok).toBe(true);
  });

  it('never sends the secrets elsewhere when the base URL is changed behind the API, in the database', async () => {
    const id = await createConnection('Moved in the database');
    await strapi.db.query(UID).update({ where: { documentId: id }, data: { baseUrl: elsewhere.url } });

    const test = await as(settingsToken).post(`/easycars/connections/${id}/test`);
    expect(test.body.data).toMatchObject({
      ok: false,
      stage: 'credentials',
      message: expect.stringMatching(/Re-enter/),
    });
    const run = await stockSync(id);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(/can no longer be read .*Re-enter them/);
    expect(elsewhere.seen).toEqual([]);
  });

  it('seals credentials stored before they were bound to a place for the place their connection names', async () => {
    const id = await createConnection('Stored the old way');
    const { key } = loadKey();
    const legacy = (value: string) => {
      const iv = Buffer.alloc(12, 3);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return [
        'v1',
        keyId(key),
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        data.toString('base64url'),
      ].join(':');
    };
    const demo = sandbox.demo;
    await strapi.db.query(UID).update({
      where: { documentId: id },
      data: {
        clientId: legacy(demo.ClientID),
        clientSecret: legacy(demo.ClientSecret),
        accountNumber: legacy(demo.AccountNumber),
        accountSecret: legacy(demo.AccountSecret),
      },
    });
    expect(await strapi.plugin('easycars').service('connections').resealLegacyCredentials()).toBe(1);
    const sealed = await row(id);
    for (const field of SECRETS) expect(sealed[field]).toMatch(/^v2:/);
    expect((await as(settingsToken).post(`/easycars/connections/${id}/test`)).body.data.ok).toBe(true);
  });
});

describe("base URLs that would reach the server's own network", () => {
  const internal = [
    'http://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:6379',
    'http://10.0.0.8:8080',
    'http://[::1]:4010',
    'http://localhost:4010',
  ];

  it.each(internal)('refuses %s when a connection is created, and saves nothing', async (baseUrl) => {
    const count = await strapi.db.query(UID).count();
    const res = await as(settingsToken).post(
      '/easycars/connections',
      sandboxConnection(sandbox, { name: 'Internal', baseUrl })
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^baseUrl points to a loopback or private address: list its origin .* in EASYCARS_ALLOWED_BASE_URLS/
    );
    expect(await strapi.db.query(UID).count()).toBe(count);
  });

  it('refuses an unlisted public host, and EasyCars itself over plain http', async () => {
    for (const baseUrl of ['https://easycars.example.com', 'http://testmy.easycars.com.au']) {
      const res = await as(settingsToken).post(
        '/easycars/connections',
        sandboxConnection(sandbox, { name: 'Elsewhere', baseUrl })
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^baseUrl must be an EasyCars host \(https:\/\/testmy\.easycars\.com\.au or https:\/\/my\.easycars\.net\.au\)/
      );
    }
  });

  it("accepts EasyCars' own hosts over https", async () => {
    const res = await as(settingsToken).post(
      '/easycars/connections',
      sandboxConnection(sandbox, { name: 'Vendor host', baseUrl: 'https://testmy.easycars.com.au' })
    );
    expect(res.status).toBe(201);
  });

  it('refuses an internal base URL on edit and on "test unsaved", without calling it', async () => {
    const id = await createConnection('Edited to internal');
    const edit = await as(settingsToken).put(`/easycars/connections/${id}`, {
      ...sandboxConnection(sandbox),
      baseUrl: 'http://127.0.0.1:6379',
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error.details.errors[0].path).toEqual(['baseUrl']);
    expect((await row(id)).baseUrl).toBe(sandbox.url);
    const test = await as(settingsToken).post('/easycars/connections/test', {
      ...sandboxConnection(sandbox),
      name: undefined,
      baseUrl: 'http://169.254.169.254',
    });
    expect(test.status).toBe(400);
    expect(test.body.error.message).toMatch(/^baseUrl points to a loopback or private address/);
  });

  it('does not call a base URL saved before it was refused (e.g. taken off the list), and says why', async () => {
    const id = await createConnection('Off the list');
    const stray = await recordingListener();
    const listed = process.env.EASYCARS_ALLOWED_BASE_URLS;
    try {
      allowBaseUrl(stray.url);
      const moved = await as(settingsToken).put(`/easycars/connections/${id}`, {
        ...sandboxConnection(sandbox),
        baseUrl: stray.url,
      });
      expect(moved.status).toBe(200);
      process.env.EASYCARS_ALLOWED_BASE_URLS = listed;
      const test = await as(settingsToken).post(`/easycars/connections/${id}/test`);
      expect(test.body.data).toMatchObject({
        ok: false,
        message: expect.stringMatching(/is not used: it points to a loopback or private address/),
      });
      const run = await stockSync(id);
      expect(run.status).toBe('failed');
      expect(run.errorMessage).toMatch(/is not used/);
      expect(run.apiCalls ?? []).toEqual([]);
      expect(stray.seen).toEqual([]);
    } finally {
      process.env.EASYCARS_ALLOWED_BASE_URLS = listed;
      await stray.close();
    }
  });
});

describe('moving a connection to another EasyCars account', () => {
  it('warns about the leads left in the old account, and marks them with it before saving', async () => {
    const id = await createConnection('Changes account');
    const oldKey = await accountKeyOfConnection(strapi, id);
    const lead = await strapi.db.query('api::lead.lead').create({
      data: {
        documentId: 'lead-in-old-account',
        name: 'Pat Customer',
        email: 'pat@example.com',
        connectionId: id,
        pushStatus: 'pushed',
        easycarsLeadNumber: '000042',
      },
    });

    const unchanged = await as(settingsToken).put(`/easycars/connections/${id}`, { name: 'Changes account, renamed' });
    expect(unchanged.body.meta.warnings).toEqual([]);

    const other = sandbox.other;
    const res = await as(settingsToken).put(`/easycars/connections/${id}`, {
      clientId: other.ClientID,
      clientSecret: other.ClientSecret,
      accountNumber: other.AccountNumber,
      accountSecret: other.AccountSecret,
    });
    expect(res.status).toBe(200);
    expect(res.body.meta.warnings).toEqual([
      expect.stringMatching(
        /^1 lead of this connection is in the EasyCars account used until now \(••••\w{4}\): it stays readable here but will not be sent again/
      ),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(sandbox.demo.AccountNumber);
    const after = await strapi.db.query('api::lead.lead').findOne({ where: { id: lead.id } });
    expect(after.easycarsAccount).toBe(oldKey);
    expect(await accountKeyOfConnection(strapi, id)).not.toBe(oldKey);
  });
});
