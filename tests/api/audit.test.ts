/**
 * The audit log of administrative actions besides resolutions and settings: connections created, changed and
 * deleted (credentials only ever "changed"), syncs started by hand and run-history clean-ups, each with the
 * administrator who did it, or none for the daily job. No credential value is in the log, as JSON or CSV.
 */
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import { retentionJob } from '../../plugins/easycars/server/src/retention/job';
import { adminApi, http, registerSuperAdmin } from '../helpers/admin';
import { recordedRun } from '../helpers/old-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { queueService, quickHandler, waitForStatus } from '../queue/helpers';

const AUDIT = 'plugin::easycars.audit-entry';
const SECRETS = {
  clientId: 'audit-client-id-7781',
  clientSecret: 'audit-client-secret-5531',
  accountNumber: 'EC778899',
  accountSecret: 'audit-account-secret-9917',
};
const NEW_SECRET = 'audit-replaced-secret-2468';
const ALL_SECRETS = [...Object.values(SECRETS), NEW_SECRET];

let strapi: Core.Strapi;
let token: string;
let superId: number;

const admin = () => adminApi(strapi, token);
const get = (path: string) => admin().get(path);

async function entries(query = '') {
  const res = await get(`/audit?pageSize=100${query}`);
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

/** Neither the audit list nor its CSV holds any credential value entered. */
async function expectNoSecrets() {
  const json = (await get('/audit?pageSize=100')).text;
  const csv = (await get('/audit?format=csv')).text;
  for (const secret of ALL_SECRETS) {
    expect(json).not.toContain(secret);
    expect(csv).not.toContain(secret);
  }
}

const secretChanged = (field: string) => ({ field, before: '(secret, not recorded)', after: 'changed' });

beforeAll(async () => {
  delete process.env.REDIS_URL;
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'off' });
  token = await registerSuperAdmin(strapi);
  superId = (await http(strapi).get('/admin/users/me').set('Authorization', `Bearer ${token}`)).body.data.id;
  queueService(strapi).registerHandler('stock', quickHandler);
  queueService(strapi).registerHandler('lead', quickHandler);
});

afterAll(async () => {
  await teardownStrapi();
});

beforeEach(async () => {
  await strapi.db.query(AUDIT).deleteMany({});
});

describe('connections', () => {
  it('records creation, change and deletion with the administrator; credentials only as "changed"', async () => {
    const created = await admin().post('/connections', {
      name: 'Audited yard',
      environment: 'test',
      baseUrl: 'http://127.0.0.1:9',
      yardCode: 'AUD',
      ...SECRETS,
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;

    const updated = await admin().put(`/connections/${id}`, {
      name: 'Audited yard (north)',
      stockSchedule: '0 * * * *',
      clientSecret: NEW_SECRET,
      accountSecret: '   ',
    });
    expect(updated.status).toBe(200);
    expect((await admin().delete(`/connections/${id}`)).status).toBe(200);

    const who = { userId: superId, userName: 'Super Admin', connectionId: id, entity: null, conflictId: null };
    expect(await entries('&action=connection.created')).toEqual([
      expect.objectContaining({
        ...who,
        action: 'connection.created',
        changes: [
          { field: 'name', before: null, after: 'Audited yard' },
          { field: 'environment', before: null, after: 'test' },
          { field: 'baseUrl', before: null, after: 'http://127.0.0.1:9' },
          { field: 'yardCode', before: null, after: 'AUD' },
          { field: 'enabled', before: null, after: true },
          { field: 'stockSchedule', before: null, after: '*/30 * * * *' },
          { field: 'leadSchedule', before: null, after: '*/15 * * * *' },
          ...Object.keys(SECRETS).map(secretChanged),
        ],
      }),
    ]);
    // a blank secret on edit means "unchanged": only the one entered is said to have changed
    expect(await entries('&action=connection.updated')).toEqual([
      expect.objectContaining({
        ...who,
        action: 'connection.updated',
        changes: [
          { field: 'name', before: 'Audited yard', after: 'Audited yard (north)' },
          { field: 'stockSchedule', before: '*/30 * * * *', after: '0 * * * *' },
          secretChanged('clientSecret'),
        ],
      }),
    ]);
    const [deleted] = await entries('&action=connection.deleted');
    expect(deleted).toMatchObject({ ...who, action: 'connection.deleted' });
    expect(deleted.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: 'Audited yard (north)', after: null },
        { field: 'yardCode', before: 'AUD', after: null },
      ])
    );
    expect(deleted.changes.map((c: any) => c.field)).not.toContain('clientSecret');

    const csv = parse((await get(`/audit?format=csv&userId=${superId}`)).text, { columns: true, bom: true });
    expect(csv).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'connection.updated',
          userId: String(superId),
          field: 'clientSecret',
          before: '(secret, not recorded)',
          after: 'changed',
        }),
      ])
    );
    await expectNoSecrets();
  });

  it('records nothing when the change is refused', async () => {
    const res = await admin().post('/connections', { name: 'Bad', environment: 'moon', ...SECRETS });
    expect(res.status).toBe(400);
    expect(await entries()).toEqual([]);
  });
});

describe('syncs and clean-ups', () => {
  let connectionId: string;
  beforeAll(async () => {
    const res = await admin().post('/connections', {
      name: 'Sync yard',
      environment: 'test',
      baseUrl: 'http://127.0.0.1:9',
      ...SECRETS,
    });
    connectionId = res.body.data.id;
  });

  it('records a sync started by hand: its run, connection, kind and force', async () => {
    const res = await admin().post('/sync', { connectionId, kind: 'stock', force: true });
    expect(res.status).toBe(202);
    await waitForStatus(strapi, res.body.data.id, ['succeeded']);
    expect(await entries()).toEqual([
      expect.objectContaining({
        action: 'sync.started',
        userId: superId,
        userName: 'Super Admin',
        connectionId,
        changes: [
          { field: 'runId', before: null, after: res.body.data.id },
          { field: 'kind', before: null, after: 'stock' },
          { field: 'force', before: null, after: true },
        ],
      }),
    ]);
    // a refused start (unknown connection) is no action
    expect((await admin().post('/sync', { connectionId: 'nope', kind: 'lead' })).status).toBe(404);
    expect(await entries()).toHaveLength(1);
    await expectNoSecrets();
  });

  it('records "Clean up now" with its counts and the administrator, the daily job with no user', async () => {
    strapi.config.set('plugin::easycars.retention', { days: 30 });
    await recordedRun(strapi, connectionId, 40, { items: 3 });
    const res = await admin().post('/maintenance/retention', {});
    expect(res.status).toBe(200);
    const [manual] = await entries('&action=retention.cleaned');
    expect(manual).toMatchObject({ action: 'retention.cleaned', userId: superId, userName: 'Super Admin' });
    expect(manual.changes).toEqual([
      { field: 'status', before: null, after: 'succeeded' },
      { field: 'cutoff', before: null, after: res.body.data.cutoff },
      { field: 'runs', before: null, after: 1 },
      { field: 'items', before: null, after: 3 },
      { field: 'reconciliations', before: null, after: 0 },
    ]);

    await retentionJob().handler(strapi, { signal: new AbortController().signal } as any);
    const [daily] = await entries('&action=retention.cleaned');
    expect(daily).toMatchObject({ userId: null, userName: null });
    expect(daily.changes).toEqual(expect.arrayContaining([{ field: 'runs', before: null, after: 0 }]));
    expect(await entries(`&userId=${superId}`)).toHaveLength(1);
  });
});
