/**
 * The dashboard endpoint over HTTP, against runs made by real syncs: a booted Strapi, the EasyCars sandbox, the
 * in-process queue with its real handlers. Days and schedules are in the server's time zone, the one of this process:
 * run with e.g. TZ=Pacific/Auckland to see that no figure is grouped by the UTC day instead.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { encrypt } from '../../plugins/easycars/server/src/connections/crypto';
import { http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { setLeadSettings, stockVehicleOf } from '../helpers/lead-runs';
import { control, fault, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { waitForStatus } from '../queue/helpers';

const RUN = 'plugin::easycars.sync-run';
const CONNECTION = 'plugin::easycars.connection';
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
// schedules are on in this suite; once a year, they never fire while it runs
const YEARLY = '0 0 1 1 *';
const DAY_MS = 86_400_000;

let strapi: Core.Strapi;
let sandbox: Sandbox;
let token: string;
let mainId: string;
let feedSize: number;

const get = (path: string, as = token) => http(strapi).get(path).set('Authorization', `Bearer ${as}`);
const dashboard = async () => {
  const res = await get('/easycars/dashboard');
  expect(res.status).toBe(200);
  return res.body.data;
};
const cardOf = (data: any, connectionId: string, kind: 'stock' | 'lead') =>
  data.cards.find((c: any) => c.connectionId === connectionId && c.kind === kind);
const alertsOf = (data: any, connectionId: string) => data.alerts.filter((a: any) => a.connectionId === connectionId);
const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

async function createConnection(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${token}`)
    .send(sandboxConnection(sandbox, { stockSchedule: YEARLY, leadSchedule: YEARLY, ...overrides }));
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** Starts a sync the way the admin does and waits for its end. */
async function syncNow(connectionId: string, kind: 'stock' | 'lead') {
  const res = await http(strapi)
    .post('/easycars/sync')
    .set('Authorization', `Bearer ${token}`)
    .send({ connectionId, kind });
  expect(res.status).toBe(202);
  return waitForStatus(strapi, res.body.data.id, ['succeeded', 'partial', 'failed', 'interrupted'], 60_000);
}

/** Moves a run back in time, as if it had run then. */
const backdate = (id: number, at: Date) =>
  strapi.db.query(RUN as any).update({
    where: { id },
    data: { queuedAt: at, startedAt: at, finishedAt: new Date(at.getTime() + 1000) },
  });

beforeAll(async () => {
  delete process.env.REDIS_URL;
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 4 });
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'on', LEAD_FORM_RATE_LIMIT: '1000' });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  setLeadSettings(strapi, {});
  token = await registerSuperAdmin(strapi);
  feedSize = ((await stockOf(sandbox)) as unknown[]).length;
  mainId = await createConnection({ name: 'Main yard' });
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
});

describe('before any sync', () => {
  it('shows both cards as never run, with the next scheduled time in the server time zone', async () => {
    const data = await dashboard();
    const stock = cardOf(data, mainId, 'stock');
    const now = new Date();
    expect(stock).toMatchObject({
      connectionName: 'Main yard',
      connectionEnabled: true,
      direction: 'inbound',
      state: 'never-run',
      runId: null,
      lastRun: null,
      activeRun: null,
      lastSuccessAt: null,
      stale: false,
      schedule: {
        pattern: YEARLY,
        timeZone: ZONE,
        // midnight of 1 January in the server's time zone
        next: new Date(now.getFullYear() + 1, 0, 1).toISOString(),
        offReason: null,
      },
    });
    expect([365, 366].map((d) => d * DAY_MS)).toContain(stock.schedule.intervalMs);
    expect(cardOf(data, mainId, 'lead')).toMatchObject({ direction: 'outbound', state: 'never-run' });
    expect(data.alerts).toEqual([]);
    expect(data.stats).toMatchObject({
      vehicles: { listed: 0, unlisted: 0 },
      leads: { pushed: 0, pending: 0, failed: 0, skipped: 0 },
      connections: { total: 1, enabled: 1, byCredentials: { ok: 1, 'test-failed': 0, 'needs-reentry': 0 } },
      conflicts: { open: 0 },
    });
  });

  it('has 30 days of trend ending today in the server time zone, all zero', async () => {
    const { trend } = await dashboard();
    expect(trend.timeZone).toBe(ZONE);
    expect(trend.days).toHaveLength(30);
    expect(trend.days[29].date).toBe(localDay(new Date()));
    const zero = { succeeded: 0, partial: 0, failed: 0, total: 0, successRate: null };
    for (const day of trend.days) expect(day).toEqual({ date: day.date, stock: zero, lead: zero });
    // consecutive days, none missing
    const dates = trend.days.map((d: any) => d.date);
    expect(new Set(dates).size).toBe(30);
    expect([...dates].sort()).toEqual(dates);
  });

  it('refuses a parameter it does not take, naming it', async () => {
    const res = await get('/easycars/dashboard?days=7');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('days is not a known field');
  });
});

describe('after syncs', () => {
  it('raises an alert for a failed run and clears it after a successful one', async () => {
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 10 });
    const failed = await syncNow(mainId, 'stock');
    expect(failed.status).toBe('failed');

    let data = await dashboard();
    expect(cardOf(data, mainId, 'stock')).toMatchObject({
      state: 'failed',
      runId: failed.id,
      failuresInARow: 1,
      lastRun: { id: failed.id, status: 'failed', errorMessage: failed.errorMessage },
    });
    expect(alertsOf(data, mainId)).toEqual([
      {
        type: 'run-failed',
        severity: 'danger',
        message: expect.stringMatching(/^The latest stock sync of “Main yard” failed: EasyCars call failed/),
        connectionId: mainId,
        kind: 'stock',
        runId: failed.id,
        link: { label: 'View the run', to: `/plugins/easycars/runs/${failed.id}` },
      },
    ]);

    await control(sandbox, 'DELETE', '/faults');
    const ok = await syncNow(mainId, 'stock');
    expect(ok.status).toBe('succeeded');
    data = await dashboard();
    const stock = cardOf(data, mainId, 'stock');
    expect(stock).toMatchObject({
      state: 'succeeded',
      runId: ok.id,
      failuresInARow: 0,
      lastSuccessAt: ok.finishedAt,
      lastRun: {
        id: ok.id,
        status: 'succeeded',
        startedAt: ok.startedAt,
        finishedAt: ok.finishedAt,
        durationMs: ok.durationMs,
        counts: expect.objectContaining({ fetched: feedSize, created: feedSize, updated: 0, unlisted: 0, failed: 0 }),
      },
    });
    expect(alertsOf(data, mainId)).toEqual([]);
    expect(data.stats.vehicles).toEqual({ listed: feedSize, unlisted: 0 });

    // both runs are on today's bar: one succeeded, one failed
    const today = data.trend.days[29];
    expect(today.stock).toEqual({ succeeded: 1, partial: 0, failed: 1, total: 2, successRate: 50 });
    expect(today.lead.total).toBe(0);
  });

  it('says so when the last three runs failed, and clears it after a success', async () => {
    const previousSuccess = cardOf(await dashboard(), mainId, 'stock').lastSuccessAt;
    expect(previousSuccess).not.toBeNull();
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 100 });
    const runs = [];
    // four in a row: the latest success is older than the runs a card reads
    for (let i = 0; i < 4; i++) runs.push(await syncNow(mainId, 'stock'));
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    let data = await dashboard();
    expect(cardOf(data, mainId, 'stock')).toMatchObject({ state: 'failed', failuresInARow: 3 });
    expect(alertsOf(data, mainId)).toEqual([
      expect.objectContaining({
        type: 'repeated-failures',
        severity: 'danger',
        message: expect.stringMatching(/^The last 3 stock syncs of “Main yard” failed; the latest: /),
        runId: runs[3].id,
        link: { label: 'View the latest run', to: `/plugins/easycars/runs/${runs[3].id}` },
      }),
    ]);
    // found further back than the runs the card reads
    expect(cardOf(data, mainId, 'stock').lastSuccessAt).toBe(previousSuccess);

    await control(sandbox, 'DELETE', '/faults');
    expect((await syncNow(mainId, 'stock')).status).toBe('succeeded');
    data = await dashboard();
    expect(alertsOf(data, mainId)).toEqual([]);
  });

  it('counts runs on the day of the server time zone, and keeps days without runs at zero', async () => {
    const ok = await syncNow(mainId, 'lead');
    expect(ok.status).toBe('succeeded');
    // five days ago, at a time that is another day in UTC unless the server runs on UTC
    const now = new Date();
    const east = now.getTimezoneOffset() < 0;
    const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 5, east ? 0 : 23, 30);
    if (now.getTimezoneOffset() !== 0) expect(at.getUTCDate()).not.toBe(at.getDate());
    await backdate(ok.id, at);

    const { trend } = await dashboard();
    const byDate = new Map(trend.days.map((d: any) => [d.date, d]));
    expect((byDate.get(localDay(at)) as any).lead).toEqual({
      succeeded: 1,
      partial: 0,
      failed: 0,
      total: 1,
      successRate: 100,
    });
    const dayBefore = new Date(at.getFullYear(), at.getMonth(), at.getDate() - 1);
    expect((byDate.get(localDay(dayBefore)) as any).lead.total).toBe(0);
    const withRuns = trend.days.filter((d: any) => d.lead.total > 0).map((d: any) => d.date);
    expect(withRuns).toEqual([localDay(at)]);
  });
});

describe('stale syncs', () => {
  it('is stale when nothing succeeded for twice the schedule interval', async () => {
    const id = await createConnection({ name: 'Quiet yard' });
    const ok = await syncNow(id, 'stock');
    expect(ok.status).toBe('succeeded');
    let data = await dashboard();
    expect(cardOf(data, id, 'stock')).toMatchObject({ state: 'succeeded', stale: false });

    // the schedule is yearly: a last success three years ago is two intervals and more behind
    const longAgo = new Date(Date.now() - 3 * 366 * DAY_MS);
    await backdate(ok.id, longAgo);
    data = await dashboard();
    expect(cardOf(data, id, 'stock')).toMatchObject({ state: 'stale', stale: true, runId: ok.id });
    expect(alertsOf(data, id)).toEqual([
      expect.objectContaining({
        type: 'stale',
        severity: 'warning',
        kind: 'stock',
        message: expect.stringMatching(
          /^No stock sync of “Quiet yard” has succeeded for \d+ days \(it is scheduled every 36[56] days\)$/
        ),
        link: { label: 'View the latest run', to: `/plugins/easycars/runs/${ok.id}` },
      }),
    ]);

    // without a schedule nothing is expected, so nothing is late
    await http(strapi)
      .put(`/easycars/connections/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ enabled: false });
    data = await dashboard();
    expect(cardOf(data, id, 'stock')).toMatchObject({
      state: 'succeeded',
      stale: false,
      connectionEnabled: false,
      schedule: { next: null, intervalMs: null, offReason: 'The connection is disabled' },
    });
    expect(alertsOf(data, id)).toEqual([]);
    await strapi.db.query(CONNECTION as any).delete({ where: { documentId: id } });
  });
});

describe('credentials', () => {
  it('raises an alert for credentials that need re-entry, and counts them', async () => {
    const id = await createConnection({ name: 'Old key yard' });
    await strapi.db.query(CONNECTION as any).update({
      where: { documentId: id },
      data: { clientSecret: encrypt('whatever', Buffer.alloc(32, 7), 'any place') },
    });
    const run = await syncNow(id, 'stock');
    expect(run.status).toBe('failed');

    const data = await dashboard();
    expect(data.stats.connections.byCredentials['needs-reentry']).toBe(1);
    expect(data.stats.connections.list).toContainEqual(
      expect.objectContaining({ id, name: 'Old key yard', credentials: 'needs-reentry' })
    );
    expect(alertsOf(data, id)).toEqual([
      expect.objectContaining({
        type: 'run-failed',
        runId: run.id,
        message: expect.stringMatching(/can no longer be read/),
      }),
      expect.objectContaining({
        type: 'credentials-reentry',
        severity: 'danger',
        message: 'The stored credentials of “Old key yard” can no longer be read: re-enter them to sync',
        link: { label: 'Re-enter the credentials', to: '/plugins/easycars/settings/connections' },
      }),
    ]);
    await strapi.db.query(CONNECTION as any).delete({ where: { documentId: id } });
  });

  it('warns when the latest connection test failed', async () => {
    const id = await createConnection({ name: 'Wrong secret yard', accountSecret: 'not-the-account-secret' });
    const tested = await http(strapi).post(`/easycars/connections/${id}/test`).set('Authorization', `Bearer ${token}`);
    expect(tested.body.data.ok).toBe(false);
    const data = await dashboard();
    expect(data.stats.connections.list).toContainEqual(
      expect.objectContaining({ id, credentials: 'test-failed', lastTestAt: expect.any(String) })
    );
    expect(alertsOf(data, id)).toEqual([
      expect.objectContaining({
        type: 'credentials-test-failed',
        severity: 'warning',
        message: expect.stringMatching(/^The latest connection test of “Wrong secret yard” failed: /),
      }),
    ]);
    await strapi.db.query(CONNECTION as any).delete({ where: { documentId: id } });
  });
});

describe('leads', () => {
  it('counts leads by outbox state and links the failed ones in the Content Manager', async () => {
    const item = ((await stockOf(sandbox)) as any[]).find((i) => String(i.StockNumber).trim().length <= 20);
    const formLead = async (name: string) => {
      const res = await http(strapi)
        .post('/api/leads')
        .send({
          data: { name, email: `${name.toLowerCase()}@example.com`, vehicle: await stockVehicleOf(strapi, item) },
        });
      expect(res.status).toBe(201);
      return res.body.data.documentId as string;
    };
    await formLead('Refused');
    await formLead('Fine');
    await fault(sandbox, {
      endpoint: 'CreateLead',
      type: 'code',
      code: 7,
      message: 'VehicleModel exceeds 50 characters',
    });
    const run = await syncNow(mainId, 'lead');
    expect(run.status).toBe('partial');
    await formLead('Waiting');

    const data = await dashboard();
    expect(data.stats.leads).toEqual({ pushed: 1, pending: 1, failed: 1, skipped: 0 });
    expect(cardOf(data, mainId, 'lead')).toMatchObject({ state: 'partial', runId: run.id });
    expect(alertsOf(data, mainId)).toEqual([
      {
        type: 'leads-failed',
        severity: 'danger',
        message: '1 lead of “Main yard” could not be sent to EasyCars',
        connectionId: mainId,
        kind: 'lead',
        runId: null,
        link: {
          label: 'View the failed leads',
          to:
            '/content-manager/collection-types/api::lead.lead?filters[$and][0][pushStatus][$eq]=failed' +
            `&filters[$and][1][connectionId][$eq]=${mainId}&page=1`,
        },
      },
    ]);
  });
});

describe('permissions', () => {
  it('answers 403 without the read permission and 200 with it alone', async () => {
    const syncOnly = await userWithActions(strapi, 'Sync only', [ACTIONS.sync]);
    const reader = await userWithActions(strapi, 'Reader', [ACTIONS.read]);
    expect((await get('/easycars/dashboard', syncOnly)).status).toBe(403);
    expect((await http(strapi).get('/easycars/dashboard')).status).toBe(401);
    const res = await get('/easycars/dashboard', reader);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(['alerts', 'cards', 'stats', 'trend']);
    expect(res.body.meta).toEqual({ generatedAt: expect.any(String), timeZone: ZONE });
    // a role that reads sync data sees no secret nor personal data of leads
    const text = JSON.stringify(res.body);
    for (const secret of [sandbox.demo.ClientSecret, sandbox.demo.AccountSecret, 'refused@example.com']) {
      expect(text).not.toContain(secret);
    }
  });
});
