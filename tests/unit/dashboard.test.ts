/**
 * The dashboard's rules without a database: card states, schedules and staleness, the trend's days, stats and
 * alerts, from rows made up here.
 */
import type { Connection } from '../../plugins/easycars/shared/contracts/connections';
import type { RunStatus, SyncRun } from '../../plugins/easycars/shared/contracts/sync';
import {
  alertsOf,
  cardOf,
  humanDuration,
  localDay,
  needsLastSuccess,
  scheduleOf,
  statsOf,
  trendOf,
  trendWindow,
} from '../../plugins/easycars/server/src/dashboard/compute';

const NOW = new Date(2026, 11, 1, 10, 7); // 1 Dec 2026, 10:07 local
const MINUTE = 60_000;
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * MINUTE).toISOString();

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'c1',
    name: 'Main yard',
    environment: 'test',
    baseUrl: null,
    yardCode: null,
    enabled: true,
    stockSchedule: '*/30 * * * *',
    leadSchedule: '*/15 * * * *',
    reconciliationSchedule: null,
    credentials: {
      clientId: '••••',
      accountNumber: '••••',
      clientSecretSet: true,
      accountSecretSet: true,
      status: 'ok',
    },
    lastTest: null,
    createdAt: at(60 * 24 * 30),
    updatedAt: at(60 * 24 * 30),
    ...overrides,
  };
}

let nextId = 100;
function run(status: RunStatus, minutesAgo: number, overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: nextId--,
    connectionId: 'c1',
    connectionName: 'Main yard',
    kind: 'stock',
    direction: 'inbound',
    trigger: 'scheduled',
    triggeredBy: null,
    status,
    force: false,
    queuedAt: at(minutesAgo),
    startedAt: at(minutesAgo),
    finishedAt: ['queued', 'running'].includes(status) ? null : at(minutesAgo - 1),
    durationMs: 60_000,
    progress: status === 'running' ? 40 : null,
    progressMessage: status === 'running' ? 'Fetching stock from EasyCars' : null,
    counts: { fetched: 5, created: 2, updated: 1, unchanged: 2, unlisted: 0, relisted: 0, failed: 0, conflicts: 0 },
    recordsProcessed: 3,
    warnings: [],
    errorMessage: status === 'failed' ? 'EasyCars call failed' : null,
    ...overrides,
  };
}

const card = (recent: SyncRun[], overrides: { olderSuccess?: SyncRun | null; connection?: Connection } = {}) =>
  cardOf({
    connection: overrides.connection ?? connection(),
    kind: 'stock',
    recent,
    olderSuccess: overrides.olderSuccess ?? null,
    schedulesRunHere: true,
    timeZone: 'Test/Zone',
    now: NOW,
  });

describe('schedules', () => {
  const options = { enabled: true, schedulesRunHere: true, timeZone: 'Test/Zone', now: NOW };

  it('gives the next fire time and the interval around now', () => {
    expect(scheduleOf('*/30 * * * *', options)).toEqual({
      pattern: '*/30 * * * *',
      timeZone: 'Test/Zone',
      next: new Date(2026, 11, 1, 10, 30).toISOString(),
      intervalMs: 30 * MINUTE,
      offReason: null,
    });
  });

  it.each([
    [{ ...options, enabled: false }, '*/30 * * * *', 'The connection is disabled'],
    [
      { ...options, schedulesRunHere: false },
      '*/30 * * * *',
      'Schedules are off on this server (EASYCARS_SCHEDULES=off)',
    ],
    [options, '61 * * * *', expect.stringMatching(/^The schedule is not used: /)],
  ])('is off, saying why (%#)', (opts, pattern, reason) => {
    expect(scheduleOf(pattern, opts)).toMatchObject({ next: null, intervalMs: null, offReason: reason });
  });
});

describe('card states', () => {
  it('is never run without runs, and stale only once the connection is old enough', () => {
    expect(card([])).toMatchObject({ state: 'never-run', runId: null, stale: true, lastSuccessAt: null });
    expect(card([], { connection: connection({ createdAt: at(10) }) })).toMatchObject({ stale: false });
  });

  it('shows the active run with its progress, and the latest finished one below it', () => {
    const running = run('running', 2);
    const done = run('succeeded', 30);
    const shown = card([running, done]);
    expect(shown).toMatchObject({
      state: 'running',
      runId: running.id,
      activeRun: { id: running.id, status: 'running', progress: 40 },
      lastRun: { id: done.id, status: 'succeeded' },
      lastSuccessAt: done.finishedAt,
    });
  });

  it('is the outcome of the latest finished run, and stale when it went through too long ago', () => {
    expect(card([run('partial', 20)]).state).toBe('partial');
    expect(card([run('succeeded', 60)]).stale).toBe(false);
    expect(card([run('succeeded', 62)])).toMatchObject({ state: 'stale', stale: true });
    // a failure stays a failure, stale or not
    expect(card([run('failed', 5), run('succeeded', 200)])).toMatchObject({ state: 'failed', stale: true });
    expect(card([run('interrupted', 5)]).state).toBe('interrupted');
  });

  it('counts failures in a row up to three, and takes an older success when the recent runs have none', () => {
    const recent = [run('failed', 1), run('interrupted', 2), run('failed', 3), run('failed', 4)];
    expect(needsLastSuccess(recent)).toBe(true);
    expect(needsLastSuccess([run('failed', 1), run('succeeded', 2)])).toBe(false);
    const older = run('succeeded', 500);
    expect(card(recent, { olderSuccess: older })).toMatchObject({
      failuresInARow: 3,
      lastSuccessAt: older.finishedAt,
    });
    expect(card([run('failed', 1), run('succeeded', 2), run('failed', 3)]).failuresInARow).toBe(1);
  });
});

describe('trend', () => {
  it('has 30 local days ending today, bounded by local midnights', () => {
    const { days, bounds } = trendWindow(NOW);
    expect(days).toHaveLength(30);
    expect(days[29]).toBe('2026-12-01');
    expect(days[0]).toBe('2026-11-02');
    expect(bounds).toHaveLength(31);
    expect(bounds[0]).toEqual(new Date(2026, 10, 2));
    expect(bounds[30]).toEqual(new Date(2026, 11, 2));
    expect(bounds.map(localDay).slice(0, 30)).toEqual(days);
  });

  it('fills days without runs with zeros, counts interrupted as failed and ignores active runs', () => {
    const { days } = trendWindow(NOW);
    const trend = trendOf(
      [
        { day: 29, kind: 'stock', status: 'succeeded', runs: 3 },
        { day: 29, kind: 'stock', status: 'partial', runs: 1 },
        { day: 29, kind: 'stock', status: 'failed', runs: 1 },
        { day: 29, kind: 'stock', status: 'interrupted', runs: 1 },
        { day: 29, kind: 'stock', status: 'running', runs: 1 },
        { day: 3, kind: 'lead', status: 'succeeded', runs: 2 },
      ],
      days,
      'Test/Zone'
    );
    expect(trend.timeZone).toBe('Test/Zone');
    expect(trend.days[29].stock).toEqual({ succeeded: 3, partial: 1, failed: 2, total: 6, successRate: 50 });
    expect(trend.days[3].lead).toEqual({ succeeded: 2, partial: 0, failed: 0, total: 2, successRate: 100 });
    const empty = trend.days.filter((d) => d.stock.total === 0 && d.lead.total === 0);
    expect(empty).toHaveLength(28);
    expect(empty[0].stock).toEqual({ succeeded: 0, partial: 0, failed: 0, total: 0, successRate: null });
  });
});

describe('stats and alerts', () => {
  const reentry = connection({
    id: 'c2',
    name: 'Old key yard',
    credentials: { ...connection().credentials, status: 'needs-reentry' },
  });
  const testFailed = connection({ id: 'c3', name: 'Wrong yard', lastTest: { at: at(5), ok: false, message: 'No' } });
  const disabled = connection({ id: 'c4', name: 'Closed yard', enabled: false });

  it('sums counts by state and credential states by connection', () => {
    const stats = statsOf({
      connections: [connection(), reentry, testFailed, disabled],
      vehicles: [
        { connectionId: 'c1', value: 'listed', count: 10 },
        { connectionId: 'c2', value: 'listed', count: 5 },
        { connectionId: 'c1', value: 'unlisted', count: 2 },
      ],
      leads: [
        { connectionId: 'c1', value: 'pending', count: 1 },
        { connectionId: 'c1', value: 'pushing', count: 1 },
        { connectionId: null, value: 'failed', count: 4 },
      ],
      openConflicts: 3,
    });
    expect(stats).toMatchObject({
      vehicles: { listed: 15, unlisted: 2 },
      leads: { pushed: 0, pending: 2, failed: 4, skipped: 0 },
      connections: { total: 4, enabled: 3, byCredentials: { ok: 2, 'test-failed': 1, 'needs-reentry': 1 } },
      conflicts: { open: 3 },
    });
  });

  it('lists what needs attention, the most serious first, and nothing for a disabled connection', () => {
    const failing = card([run('failed', 5), run('succeeded', 10)]);
    const closed = card([run('failed', 5)], { connection: disabled });
    const stale = card([run('succeeded', 120)]);
    const alerts = alertsOf({
      cards: [stale, failing, closed],
      connections: [connection(), reentry, testFailed, disabled],
      leads: [
        { connectionId: 'c1', value: 'failed', count: 2 },
        { connectionId: 'gone', value: 'failed', count: 1 },
        { connectionId: 'c1', value: 'pushed', count: 9 },
      ],
      now: NOW,
    });
    expect(alerts.map((a) => [a.type, a.severity, a.connectionId])).toEqual([
      ['run-failed', 'danger', 'c1'],
      ['credentials-reentry', 'danger', 'c2'],
      ['leads-failed', 'danger', 'c1'],
      ['leads-failed', 'danger', 'gone'],
      ['stale', 'warning', 'c1'],
      ['credentials-test-failed', 'warning', 'c3'],
    ]);
    expect(alerts[0].message).toBe('The latest stock sync of “Main yard” failed: EasyCars call failed');
    expect(alerts[2].message).toBe('2 leads of “Main yard” could not be sent to EasyCars');
    expect(alerts[3].message).toBe('1 lead of a connection that no longer exists could not be sent to EasyCars');
    expect(alerts[4].message).toBe(
      'No stock sync of “Main yard” has succeeded for 119 minutes (it is scheduled every 30 minutes)'
    );
  });
});

it('says durations in minutes, hours or days', () => {
  expect([30 * MINUTE, 90 * MINUTE, 3 * 60 * MINUTE, 3 * 24 * 60 * MINUTE].map(humanDuration)).toEqual([
    '30 minutes',
    '90 minutes',
    '3 hours',
    '3 days',
  ]);
});
