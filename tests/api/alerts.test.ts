/**
 * Alert rules end to end: kept through the admin API (checked per type, audited, guarded), evaluated after real
 * runs against the sandbox (faults for failures, slowness and throttling) and by the minute's tick, and notified
 * once per change of state by e-mail to a real SMTP server started here and in the admin.
 */
import type { Core } from '@strapi/strapi';
import type { ParsedMail } from 'mailparser';
import type { SMTPServer } from 'smtp-server';
import { portOf, startMailServer as startSharedMailServer } from '../helpers/mail';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { alertsJob } from '../../plugins/easycars/server/src/alerts/job';
import { metricsTick } from '../../plugins/easycars/server/src/monitoring/job';
import { recorderOf } from '../../plugins/easycars/server/src/monitoring/recorder';
import { SAMPLES_TABLE } from '../../plugins/easycars/server/src/monitoring/store';
import { CALL_LOG_LIMIT } from '../../plugins/easycars/server/src/sync/call-log';
import { createRunContext } from '../../plugins/easycars/server/src/sync/run-context';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { http, adminApi, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { leadRun, setLeadSettings } from '../helpers/lead-runs';
import { control, fault, sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { stockRun } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const RULES = 'plugin::easycars.alert-rule';
const EVENTS = 'plugin::easycars.alert-event';
const RUNS = 'plugin::easycars.sync-run';
const LEAD = 'api::lead.lead';
const RECIPIENTS = ['ops@example.com', 'oncall@example.com'];
const MINUTE = 60_000;

interface Received {
  to: string[];
  mail: ParsedMail;
}

let strapi: Core.Strapi;
let sandbox: Sandbox;
let smtp: SMTPServer;
let connectionId: string;
let token: string;
const received: Received[] = [];

async function startMailServer(): Promise<number> {
  smtp = await startSharedMailServer(received);
  return portOf(smtp);
}

const api = (as = token) => adminApi(strapi, as);
const service = (name: string) => strapi.plugin('easycars').service(name);
const subjects = () => received.map((r) => r.mail.subject);

function ruleBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Stock sync failing',
    type: 'sync_failures',
    connectionId,
    kind: 'stock',
    threshold: 2,
    severity: 'critical',
    recipients: RECIPIENTS,
    inApp: true,
    enabled: true,
    ...overrides,
  };
}

async function createRule(overrides: Record<string, unknown> = {}) {
  const res = await api().post('/alert-rules', ruleBody(overrides));
  expect(res.status).toBe(201);
  return res.body.data as { id: number; state: string };
}

const ruleRow = (id: number) => strapi.db.query(RULES).findOne({ where: { id } });
const alerts = async (query = '') => {
  const res = await api().get(`/alerts${query}`);
  expect(res.status).toBe(200);
  return res.body as { data: any[]; meta: { pagination: { total: number } } };
};
/** The minute's tick, as the system job runs it (on one instance), or at another time. */
const tick = (now?: Date) =>
  now
    ? service('alerts').evaluateAll(now)
    : alertsJob().handler(strapi, { name: 'alerts', firedAt: new Date(), signal: new AbortController().signal });

const sync = () => stockRun(strapi, connectionId);
const failNextStockRuns = () =>
  fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 1000 });
const clearFaults = () => control(sandbox, 'DELETE', '/faults');

beforeAll(async () => {
  const port = await startMailServer();
  sandbox = await startSandbox({ port: 0, vehicles: 5, seed: 11 });
  strapi = await setupStrapi({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_IGNORE_TLS: 'true',
    PUBLIC_URL: 'https://cms.example.com',
    LEAD_FORM_RATE_LIMIT: '1000',
  });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 5000);
  token = await registerSuperAdmin(strapi);
  connectionId = (await service('connections').create(sandboxConnection(sandbox))).id;
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
  await new Promise((resolve) => smtp?.close(() => resolve(null)));
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  defaultTokenCache.clear();
  for (const uid of [
    LEAD,
    'api::vehicle.vehicle',
    'plugin::easycars.record-state',
    'plugin::easycars.sync-item',
    RUNS,
    RULES,
    EVENTS,
    'plugin::easycars.notification',
  ])
    await strapi.db.query(uid as any).deleteMany({});
  // the EasyCars calls of earlier tests' runs, which the API rules read
  await recorderOf(strapi).flush();
  await strapi.db.connection(SAMPLES_TABLE).delete();
  setLeadSettings(strapi, {});
  received.length = 0;
});

describe('the rules API', () => {
  it('creates, lists, replaces and deletes a rule, each change in the audit log', async () => {
    const created = await createRule();
    expect(created).toMatchObject({
      ...ruleBody(),
      windowMinutes: null,
      state: 'ok',
      stateSince: null,
      lastValue: null,
      openAlertId: null,
    });
    const list = await api().get('/alert-rules');
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: any) => r.id)).toEqual([created.id]);

    const put = await api().put(`/alert-rules/${created.id}`, ruleBody({ threshold: 3, enabled: false }));
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id: created.id, threshold: 3, enabled: false });

    const removed = await api().delete(`/alert-rules/${created.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({ id: created.id });
    expect((await api().get('/alert-rules')).body.data).toEqual([]);
    expect((await api().delete(`/alert-rules/${created.id}`)).status).toBe(404);
    expect((await api().put(`/alert-rules/${created.id}`, ruleBody())).status).toBe(404);

    const audit = (await api().get('/audit')).body.data.filter((e: any) => e.action.startsWith('alert-rule.'));
    expect(audit.map((e: any) => e.action)).toEqual(['alert-rule.deleted', 'alert-rule.updated', 'alert-rule.created']);
    expect(audit.every((e: any) => e.userName === 'Super Admin')).toBe(true);
    expect(audit[1].changes).toEqual([
      { field: 'id', before: created.id, after: created.id },
      { field: 'threshold', before: 2, after: 3 },
      { field: 'enabled', before: true, after: false },
    ]);
    expect(audit[2].changes).toContainEqual({ field: 'type', before: null, after: 'sync_failures' });
  });

  it.each([
    [{ name: '' }, 'name is required'],
    [{ name: undefined }, 'name is required'],
    [{ type: 'cpu' }, 'type must be one of sync_failures'],
    [{ threshold: '2' }, 'threshold must be a number'],
    [{ threshold: 1.5 }, 'threshold must be a whole number of runs from 1 to 1000 for sync_failures'],
    [{ threshold: 0 }, 'threshold must be a whole number of runs'],
    [
      { type: 'failure_rate', threshold: 50, windowMinutes: 60 },
      'threshold must be a share from 0.01 to 1 (0.25 is 25%) for failure_rate',
    ],
    [{ type: 'failure_rate', threshold: 0.5 }, 'windowMinutes is required for failure_rate'],
    [{ type: 'api_throttled', threshold: 1, windowMinutes: 0 }, 'windowMinutes must be a whole number of minutes'],
    [{ type: 'stale', threshold: 30, windowMinutes: 60 }, 'windowMinutes is not used by stale'],
    [{ type: 'lead_sla', threshold: 10, kind: 'lead' }, 'kind is not used by lead_sla'],
    [{ kind: 'vehicles' }, 'kind must be "stock" or "lead"'],
    [{ severity: 'info' }, 'severity must be "warning" or "critical"'],
    [{ recipients: ['not-an-address'] }, 'recipients.0 must be an e-mail address'],
    [{ recipients: 'ops@example.com' }, 'recipients must be a list of e-mail addresses'],
    [{ inApp: 'yes' }, 'inApp must be true or false'],
    [{ enabled: undefined }, 'enabled is required'],
    [{ name: 'a\u0000b' }, 'name must not contain control characters'],
    [{ muted: true }, 'muted is not a known field'],
    [{ connectionId: 'no-such-connection' }, 'connectionId does not name a connection'],
  ])('refuses %j with a 400 naming the field, writing nothing', async (change, message) => {
    const res = await api().post('/alert-rules', ruleBody(change));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(await strapi.db.query(RULES).count({})).toBe(0);
  });

  it('refuses a bad replacement and a bad id without changing the rule', async () => {
    const rule = await createRule();
    const bad = await api().put(`/alert-rules/${rule.id}`, ruleBody({ type: 'failure_rate', threshold: 0.5 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('windowMinutes is required');
    expect(await ruleRow(rule.id)).toMatchObject({ type: 'sync_failures', threshold: 2 });
    expect((await api().put('/alert-rules/abc', ruleBody())).status).toBe(400);
    expect((await api().post('/alerts/abc/acknowledge', {})).status).toBe(400);
    expect((await api().get('/alerts?status=open')).status).toBe(400);
    expect((await api().get('/alerts?pageSize=1000')).status).toBe(400);
  });

  it('shows rules and alerts to readers, and lets only settings change rules or acknowledge', async () => {
    const reader = await userWithActions(strapi, 'Alert Reader', [ACTIONS.read]);
    const admin = await userWithActions(strapi, 'Alert Admin', [ACTIONS.settings]);
    const rule = await createRule();
    expect((await api(reader).get('/alert-rules')).status).toBe(200);
    expect((await api(reader).get('/alerts')).status).toBe(200);
    expect((await api(reader).post('/alert-rules', ruleBody())).status).toBe(403);
    expect((await api(reader).put(`/alert-rules/${rule.id}`, ruleBody())).status).toBe(403);
    expect((await api(reader).delete(`/alert-rules/${rule.id}`)).status).toBe(403);
    expect((await api(reader).post('/alerts/1/acknowledge', {})).status).toBe(403);
    expect((await api(admin).post('/alert-rules', ruleBody({ name: 'Second' }))).status).toBe(201);
    expect((await http(strapi).get('/easycars/alert-rules')).status).toBe(401);
    expect(await strapi.db.query(RULES).count({})).toBe(2);
  });
});

describe('API tokens', () => {
  it('read neither the rules (with their recipients), the alerts, their notices nor their audit entries', async () => {
    await createRule();
    await failNextStockRuns();
    await sync();
    await sync();
    expect(await strapi.db.query(EVENTS).count({})).toBe(1);
    for (const type of ['read-only', 'full-access']) {
      const { accessKey } = await strapi
        .service('admin::api-token')
        .create({ name: `alerts ${type}`, description: '', type, lifespan: null } as any);
      const auth = { Authorization: `Bearer ${accessKey}` };
      for (const query of [
        '{ easycarsAlertRules { name } }',
        '{ easycarsAlertEvents { ruleName summary } }',
        '{ easycarsNotifications { title body } }',
        '{ easycarsAuditEntries { userName changes } }',
      ]) {
        const res = await http(strapi).post('/graphql').set(auth).send({ query });
        expect(res.body.data ?? null).toBeNull();
        expect(res.body.errors?.[0]?.message).toMatch(/Cannot query field/);
      }
      for (const path of ['/api/easycars/alert-rules', '/api/easycars/alerts', '/easycars/alert-rules']) {
        const res = await http(strapi).get(path).set(auth);
        expect([path, [401, 403, 404].includes(res.status)]).toEqual([path, true]);
        expect(res.text).not.toContain('ops@example.com');
      }
    }
  });
});

describe('sync_failures', () => {
  it('e-mails once when it starts firing, nothing more while it fires, and once when it recovers', async () => {
    const rule = await createRule();
    expect((await sync()).status).toBe('succeeded');
    await failNextStockRuns();
    expect((await sync()).status).toBe('failed');
    expect(received).toHaveLength(0);
    expect((await ruleRow(rule.id)).lastValue).toBe(1);

    const second = await sync();
    expect(second.status).toBe('failed');
    expect(received).toHaveLength(1);
    const [{ to, mail }] = received;
    expect(to.sort()).toEqual([...RECIPIENTS].sort());
    expect(mail.subject).toBe('EasyCars: Critical: Stock sync failing');
    expect(mail.text).toContain('fired: 2 failed runs in a row (Sandbox, stock)');
    expect(mail.text).toContain('Figure: 2 failed runs, threshold 2 failed runs.');
    expect(mail.text).toMatch(/Since: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    const link = `https://cms.example.com/admin/plugins/easycars/runs?connectionId=${connectionId}&kind=stock&status=failed`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`<a href="${link.replace(/&/g, '&amp;')}">`);

    // more failing runs and ticks: still firing, nothing more said
    expect((await sync()).status).toBe('failed');
    expect((await sync()).status).toBe('failed');
    await tick();
    await tick();
    expect(received).toHaveLength(1);
    expect(await ruleRow(rule.id)).toMatchObject({ state: 'firing', lastValue: 4 });

    const firing = await alerts();
    expect(firing.data).toHaveLength(1);
    expect(firing.data[0]).toMatchObject({
      ruleId: rule.id,
      ruleName: 'Stock sync failing',
      type: 'sync_failures',
      severity: 'critical',
      status: 'firing',
      value: 2,
      threshold: 2,
      connectionId,
      kind: 'stock',
      link: `/plugins/easycars/runs?connectionId=${connectionId}&kind=stock&status=failed`,
      recoveredAt: null,
      acknowledgedAt: null,
    });

    await clearFaults();
    expect((await sync()).status).toBe('succeeded');
    expect(subjects()).toEqual(['EasyCars: Critical: Stock sync failing', 'EasyCars: Recovered: Stock sync failing']);
    expect(received[1].mail.text).toContain('has recovered: 0 failed runs in a row (Sandbox, stock)');
    expect(received[1].mail.text).toMatch(/It fired at .* UTC and lasted less than a minute\./);
    await sync();
    await tick();
    expect(received).toHaveLength(2);

    const [event] = (await alerts()).data;
    expect(event).toMatchObject({ status: 'recovered', recoveredValue: 0 });
    expect(Date.parse(event.recoveredAt)).toBeGreaterThanOrEqual(Date.parse(event.firedAt));

    // the admin holds both notices
    const inApp = (await api().get('/notifications')).body.data;
    expect(inApp.map((n: any) => [n.kind, n.title, n.emailed])).toEqual([
      ['alert', 'Recovered: Stock sync failing', true],
      ['alert', 'Critical: Stock sync failing', true],
    ]);
    expect(inApp[1].link).toBe(`runs?connectionId=${connectionId}&kind=stock&status=failed`);

    // it fires again after a new streak: a new event, a new e-mail
    await failNextStockRuns();
    await sync();
    await sync();
    expect(received).toHaveLength(3);
    expect((await alerts()).meta.pagination.total).toBe(2);
  });

  it('watches only the kind and connection it names, and keeps quiet in-app when asked', async () => {
    await createRule({ kind: 'lead', inApp: false });
    await failNextStockRuns();
    await sync();
    await sync();
    expect(received).toHaveLength(0);
    expect((await alerts()).data).toHaveLength(0);

    await createRule({ name: 'Any stock', connectionId: null, inApp: false, recipients: ['ops@example.com'] });
    await sync();
    expect(subjects()).toEqual(['EasyCars: Critical: Any stock']);
    expect((await api().get('/notifications')).body.data).toHaveLength(0);
  });
});

describe('failure_rate', () => {
  it('fires when the share of failed runs in the window reaches the threshold and recovers below it', async () => {
    const rule = await createRule({ name: 'Half failing', type: 'failure_rate', threshold: 0.5, windowMinutes: 60 });
    await failNextStockRuns();
    await sync();
    expect(subjects()).toEqual(['EasyCars: Critical: Half failing']);
    expect(received[0].mail.text).toContain('100% (1 of 1) of the runs failed in the last 60 minutes');
    expect(received[0].mail.text).toContain('Figure: 100%, threshold 50%.');
    await clearFaults();
    await sync(); // 1 of 2: still at the threshold
    expect(received).toHaveLength(1);
    await sync(); // 1 of 3
    expect(subjects()).toEqual(['EasyCars: Critical: Half failing', 'EasyCars: Recovered: Half failing']);
    expect((await ruleRow(rule.id)).lastValue).toBeCloseTo(1 / 3);
  });
});

describe('sync_duration', () => {
  it('fires after a run longer than the threshold and recovers after a quick one', async () => {
    await createRule({ name: 'Slow stock', type: 'sync_duration', threshold: 1, severity: 'warning' });
    await sync();
    expect(received).toHaveLength(0);
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 1500 });
    const slow = await sync();
    expect(slow.status).toBe('succeeded');
    expect(subjects()).toEqual(['EasyCars: Warning: Slow stock']);
    expect(received[0].mail.text).toMatch(/the latest run took [12] seconds? \(Sandbox, stock\)/);
    expect(received[0].mail.text).toContain(`/admin/plugins/easycars/runs/${slow.id}`);
    await sync();
    expect(subjects()).toEqual(['EasyCars: Warning: Slow stock', 'EasyCars: Recovered: Slow stock']);
  });

  it('fires while a run is still running past the threshold', async () => {
    await createRule({ name: 'Stuck', type: 'sync_duration', threshold: 60 });
    const runs = service('runs');
    const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runs.markRunning(run.id);
    await strapi.db
      .query(RUNS)
      .update({ where: { id: run.id }, data: { startedAt: new Date(Date.now() - 5 * MINUTE) } });
    await tick();
    expect(subjects()).toEqual(['EasyCars: Critical: Stuck']);
    expect(received[0].mail.text).toMatch(/a run has been running for 3\d\d seconds/);
  });
});

describe('api_error_rate and api_throttled', () => {
  it('api_error_rate fires on failed EasyCars calls and recovers as good calls outweigh them', async () => {
    await createRule({ name: 'EasyCars errors', type: 'api_error_rate', threshold: 0.3, windowMinutes: 30 });
    await sync();
    expect(received).toHaveLength(0);
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 503, count: 2 });
    expect((await sync()).status).toBe('succeeded'); // retried through
    expect(subjects()).toEqual(['EasyCars: Critical: EasyCars errors']);
    expect(received[0].mail.text).toMatch(/of the calls to EasyCars failed in the last 30 minutes/);
    for (let i = 0; i < 10 && received.length < 2; i += 1) await sync();
    expect(subjects()).toEqual(['EasyCars: Critical: EasyCars errors', 'EasyCars: Recovered: EasyCars errors']);
  });

  it('api_error_rate counts every call of a run, the ones past what its call log keeps too', async () => {
    await createRule({ name: 'EasyCars errors', type: 'api_error_rate', threshold: 0.3, windowMinutes: 30 });
    const runs = service('runs');
    const { id } = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    const context = createRunContext(
      strapi,
      { runId: id, connectionId, entity: 'vehicle' },
      { heartbeat: async () => {} }
    );
    await context.start();
    const attempt = (ok: boolean) => ({
      service: 'StockService' as const,
      endpoint: 'GetAdvertisementStocks' as const,
      url: '/StockService/GetAdvertisementStocks',
      attempt: 1,
      httpStatus: ok ? 200 : 503,
      code: ok ? 0 : null,
      latencyMs: 40,
      ok,
      startedAt: new Date().toISOString(),
    });
    // the calls the log keeps all succeeded; the 150 after them failed
    for (let i = 0; i < CALL_LOG_LIMIT + 150; i += 1) context.recordCall(attempt(i < CALL_LOG_LIMIT));
    await context.finish({ status: 'succeeded' });
    const logged = (await runs.findOne(id)).apiCalls.filter((c: any) => c && 'endpoint' in c);
    expect(logged).toHaveLength(CALL_LOG_LIMIT);
    expect(logged.every((c: any) => c.ok)).toBe(true);
    await tick();
    expect(subjects()).toEqual(['EasyCars: Critical: EasyCars errors']);
    const [event] = (await alerts()).data;
    expect(event.value).toBeCloseTo(150 / (CALL_LOG_LIMIT + 150), 3);
    expect(event.link).toContain(`/runs/${id}`);
  });

  it('api_throttled fires on a 429 from EasyCars and recovers once the window has passed', async () => {
    await createRule({ name: 'Throttled', type: 'api_throttled', threshold: 1, windowMinutes: 15, kind: null });
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 429, count: 1 });
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.apiCalls.map((c: any) => c.httpStatus)).toContain(429);
    expect(subjects()).toEqual(['EasyCars: Critical: Throttled']);
    expect(received[0].mail.text).toContain(
      'EasyCars answered 1 call with 429 (too many requests) in the last 15 minutes'
    );
    await sync();
    expect(received).toHaveLength(1);
    // the minute's tick, a quarter of an hour later
    await tick(new Date(Date.now() + 16 * MINUTE));
    expect(subjects()).toEqual(['EasyCars: Critical: Throttled', 'EasyCars: Recovered: Throttled']);
  });
});

describe('pruning', () => {
  it('the metrics job deletes, in batches, the events that ended before monitoring.retentionDays; firing ones stay', async () => {
    const rule = await createRule();
    const day = 86_400_000;
    const event = (status: string, endedDaysAgo: number | null) => ({
      ruleId: rule.id,
      ruleName: 'Stock sync failing',
      type: 'sync_failures',
      severity: 'critical',
      connectionId,
      kind: 'stock',
      status,
      threshold: 2,
      firedAt: new Date(Date.now() - ((endedDaysAgo ?? 100) + 1) * day),
      recoveredAt: endedDaysAgo === null ? null : new Date(Date.now() - endedDaysAgo * day),
    });
    const rows = [
      ...Array.from({ length: 7 }, () => event('recovered', 95)),
      event('closed', 91),
      event('firing', null),
      event('recovered', 80),
    ];
    for (const data of rows) await strapi.db.query(EVENTS).create({ data });
    // more than one batch
    expect(await service('alerts').pruneEvents(new Date(Date.now() - 90 * day), 3)).toBe(8);
    const left = await strapi.db.query(EVENTS).findMany({ orderBy: { id: 'asc' } });
    expect(left.map((row: any) => row.status)).toEqual(['firing', 'recovered']);

    for (const data of [event('recovered', 95), event('recovered', 50)]) await strapi.db.query(EVENTS).create({ data });
    strapi.config.set('plugin::easycars.monitoring', { retentionDays: 120 });
    expect((await metricsTick(strapi)).alertEventsPruned).toBe(0);
    strapi.config.set('plugin::easycars.monitoring', {});
    expect((await metricsTick(strapi)).alertEventsPruned).toBe(1);
    expect(await strapi.db.query(EVENTS).count({})).toBe(3);
  });
});

describe('stale', () => {
  it('fires when no run has succeeded for the threshold and recovers with the next success', async () => {
    await createRule({ name: 'Stock stale', type: 'stale', threshold: 30 });
    const first = await sync();
    await tick();
    expect(received).toHaveLength(0);
    // that success was 45 minutes ago, and nothing has succeeded since
    const ago = new Date(Date.now() - 45 * MINUTE);
    await strapi.db.query(RUNS).update({ where: { id: first.id }, data: { startedAt: ago, finishedAt: ago } });
    await tick();
    expect(subjects()).toEqual(['EasyCars: Critical: Stock stale']);
    expect(received[0].mail.text).toContain('no successful run for 45 minutes (Sandbox, stock)');
    const [event] = (await alerts()).data;
    expect(Date.parse(event.since)).toBe(ago.getTime() + 30 * MINUTE);
    expect(received[0].mail.text).toMatch(/Look here: https:\/\/cms\.example\.com\/admin\/plugins\/easycars$/m);
    await failNextStockRuns();
    await sync();
    expect(received).toHaveLength(1);
    await clearFaults();
    await sync();
    expect(subjects()).toEqual(['EasyCars: Critical: Stock stale', 'EasyCars: Recovered: Stock stale']);
  });
});

describe('lead_sla', () => {
  it('fires on a website lead not in EasyCars after the threshold, and recovers once a run has pushed it', async () => {
    await createRule({ name: 'Lead late', type: 'lead_sla', threshold: 10, kind: null });
    const form = await http(strapi)
      .post('/api/leads')
      .send({ data: { name: 'Jo Bloggs', email: 'jo.bloggs@example.com', phone: '0400 111 222' } });
    expect(form.status).toBe(201);
    await tick();
    expect(received).toHaveLength(0);
    // the form was sent a quarter of an hour ago and no lead run has taken it yet
    await strapi.db.query(LEAD).update({
      where: { documentId: form.body.data.documentId },
      data: { createdAt: new Date(Date.now() - 15 * MINUTE) },
    });
    await tick();
    expect(subjects()).toEqual(['EasyCars: Critical: Lead late']);
    const { text } = received[0].mail;
    expect(text).toContain('a website lead has waited 15 minutes to reach EasyCars');
    expect(text).toContain('/admin/content-manager/collection-types/api::lead.lead?filters');
    for (const detail of ['Jo Bloggs', 'jo.bloggs@example.com', '0400 111 222']) expect(text).not.toContain(detail);

    expect((await leadRun(strapi, connectionId)).run.status).toBe('succeeded');
    expect(subjects()).toEqual(['EasyCars: Critical: Lead late', 'EasyCars: Recovered: Lead late']);
  });
});

describe('queue_backlog', () => {
  it('fires when the oldest queued run has waited past the threshold, and recovers once it ran', async () => {
    await createRule({ name: 'Queue backed up', type: 'queue_backlog', threshold: 60, kind: null });
    const runs = service('runs');
    const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await tick();
    expect(received).toHaveLength(0);
    await strapi.db
      .query(RUNS)
      .update({ where: { id: run.id }, data: { queuedAt: new Date(Date.now() - 2 * MINUTE) } });
    await tick();
    expect(subjects()).toEqual(['EasyCars: Critical: Queue backed up']);
    expect(received[0].mail.text).toMatch(/the oldest queued run has waited 1[12]\d seconds \(Sandbox, stock\)/);
    expect(received[0].mail.text).toContain('runs?connectionId=');
    await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
    expect(subjects()).toEqual(['EasyCars: Critical: Queue backed up', 'EasyCars: Recovered: Queue backed up']);
  });
});

describe('acknowledging and disabling', () => {
  it('records who acknowledged an alert, once, and still sends the recovery notice', async () => {
    await createRule();
    await failNextStockRuns();
    await sync();
    await sync();
    const [event] = (await alerts()).data;
    const ack = await api().post(`/alerts/${event.id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expect(ack.body.data).toMatchObject({ id: event.id, status: 'firing', acknowledgedBy: { name: 'Super Admin' } });
    const at = ack.body.data.acknowledgedAt;
    expect(at).toEqual(expect.any(String));

    const other = await userWithActions(strapi, 'Second Admin', [ACTIONS.settings, ACTIONS.read]);
    const again = await api(other).post(`/alerts/${event.id}/acknowledge`, {});
    expect(again.body.data).toMatchObject({ acknowledgedAt: at, acknowledgedBy: { name: 'Super Admin' } });
    expect((await api().post('/alerts/999999/acknowledge', {})).status).toBe(404);

    expect((await alerts('?acknowledged=true')).data).toHaveLength(1);
    expect((await alerts('?acknowledged=false')).data).toHaveLength(0);
    expect((await alerts('?status=firing&type=sync_failures&severity=critical')).data).toHaveLength(1);
    expect((await alerts('?status=recovered')).data).toHaveLength(0);
    const audit = (await api().get('/audit?action=alert.acknowledged')).body.data;
    expect(audit).toHaveLength(1);

    await clearFaults();
    await sync();
    expect(subjects()).toEqual(['EasyCars: Critical: Stock sync failing', 'EasyCars: Recovered: Stock sync failing']);
    expect((await alerts('?status=recovered')).data[0]).toMatchObject({ acknowledgedAt: at });
  });

  it('closes the alert of a rule disabled or deleted while firing, without a notice', async () => {
    const rule = await createRule();
    const other = await createRule({ name: 'Other' });
    const moved = await createRule({ name: 'Moved' });
    await failNextStockRuns();
    await sync();
    await sync();
    expect(received).toHaveLength(3);
    expect((await ruleRow(rule.id)).openEventId).toEqual(expect.any(Number));
    const listed = (await api().get('/alert-rules')).body.data;
    expect(listed.find((r: any) => r.id === rule.id).openAlertId).toBe((await ruleRow(rule.id)).openEventId);
    await api().put(`/alert-rules/${rule.id}`, ruleBody({ enabled: false }));
    await api().delete(`/alert-rules/${other.id}`);
    await api().put(`/alert-rules/${moved.id}`, ruleBody({ name: 'Moved', kind: 'lead' }));
    await clearFaults();
    await sync();
    await tick();
    expect(received).toHaveLength(3);
    const events = (await alerts()).data;
    expect(events.map((e: any) => [e.ruleName, e.status, e.closedReason]).sort()).toEqual([
      ['Moved', 'closed', 'The rule now watches something else'],
      ['Other', 'closed', 'The rule was deleted'],
      ['Stock sync failing', 'closed', 'The rule was disabled'],
    ]);
    expect(await ruleRow(rule.id)).toMatchObject({ state: 'ok', openEventId: null });
  });
});

describe('several evaluations at once', () => {
  it('fire a rule once: one event and one e-mail, whichever evaluation wins', async () => {
    const rule = await createRule({ threshold: 1 });
    const runs = service('runs');
    const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runs.markRunning(run.id);
    await runs.finish(run.id, { status: 'failed', errorMessage: 'EasyCars call failed' });
    const outcomes = await Promise.all([tick(new Date()), tick(new Date()), tick(new Date()), tick(new Date())]);
    const fired = outcomes.flat().filter((o: any) => o.event);
    expect(fired).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(await strapi.db.query(EVENTS).count({})).toBe(1);
    expect((await ruleRow(rule.id)).stateVersion).toBe(1);
  });
});
