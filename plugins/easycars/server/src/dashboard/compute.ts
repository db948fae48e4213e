/**
 * The dashboard's figures from the rows the service read: status cards, the 30-day trend, quick stats and alerts.
 * Pure: no database, no clock (the caller passes `now`), so every rule here is tested on its own.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Connection } from '../../../shared/contracts/connections';
import {
  ADMIN_PATHS,
  REPEATED_FAILURES,
  STALE_INTERVALS,
  TREND_DAYS,
  type CardSchedule,
  type CardState,
  type CredentialState,
  type DashboardAlert,
  type DashboardCard,
  type DashboardConnection,
  type DashboardStats,
  type DashboardTrend,
  type TrendCounts,
} from '../../../shared/contracts/dashboard';
import { cronProblem } from '../../../shared/cron';
import { ACTIVE_RUN_STATUSES, type RunStatus, type SyncKind, type SyncRun } from '../../../shared/contracts/sync';

const DIRECTION = { stock: 'inbound', lead: 'outbound' } as const;
const KIND_WORDS: Record<SyncKind, string> = { stock: 'stock sync', lead: 'lead sync' };
/** Statuses of a sync that went through: a partial run synced all but the records it reports as failed. */
export const SUCCESS_STATUSES: readonly RunStatus[] = ['succeeded', 'partial'];
const FAILURE_STATUSES: readonly RunStatus[] = ['failed', 'interrupted'];
/** Runs a card reads, newest first: the active one (at most one per connection and kind) and enough finished ones. */
export const RECENT_RUNS = REPEATED_FAILURES + 1;

const isActive = (run: SyncRun) => ACTIVE_RUN_STATUSES.includes(run.status);

/** "45 minutes", "3 hours", "2 days": how long, in the words an alert uses. */
export function humanDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const [value, unit] =
    minutes < 120
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / 1440), 'day'];
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/**
 * A connection's schedule of one kind: the next fire time from its cron (server time zone, as the queue fires it)
 * and the interval around now, or why there is none.
 */
export function scheduleOf(
  pattern: string,
  options: { enabled: boolean; schedulesRunHere: boolean; timeZone: string; now: Date }
): CardSchedule {
  const off = (offReason: string): CardSchedule => ({
    pattern,
    timeZone: options.timeZone,
    next: null,
    intervalMs: null,
    offReason,
  });
  if (!options.enabled) return off('The connection is disabled');
  const problem = cronProblem(pattern);
  if (problem) return off(`The schedule is not used: ${problem}`);
  if (!options.schedulesRunHere) return off('Schedules are off on this server (EASYCARS_SCHEDULES=off)');
  const at = (direction: 'next' | 'prev') =>
    CronExpressionParser.parse(pattern.trim(), { currentDate: options.now })[direction]().toDate();
  const next = at('next');
  return {
    pattern,
    timeZone: options.timeZone,
    next: next.toISOString(),
    intervalMs: next.getTime() - at('prev').getTime(),
    offReason: null,
  };
}

/** Whether the recent runs tell when the pair last succeeded; if not, the service looks further back. */
export function needsLastSuccess(recent: Array<Pick<SyncRun, 'status'>>): boolean {
  return !recent.some((run) => SUCCESS_STATUSES.includes(run.status)) && recent.length >= RECENT_RUNS;
}

/** Failed or interrupted runs in a row, from the latest finished one back (within the recent runs). */
function failuresInARow(recent: SyncRun[]): number {
  let failures = 0;
  for (const run of recent) {
    if (isActive(run)) continue;
    if (!FAILURE_STATUSES.includes(run.status)) break;
    failures += 1;
  }
  return Math.min(failures, REPEATED_FAILURES);
}

export interface CardInput {
  connection: Pick<Connection, 'id' | 'name' | 'enabled' | 'createdAt' | 'stockSchedule' | 'leadSchedule'>;
  kind: SyncKind;
  /** The latest RECENT_RUNS runs of the pair, newest first. */
  recent: SyncRun[];
  /** The latest succeeded or partial run, when it is older than `recent`. */
  olderSuccess: SyncRun | null;
  schedulesRunHere: boolean;
  timeZone: string;
  now: Date;
}

export function cardOf(input: CardInput): DashboardCard {
  const { connection, kind, recent, now } = input;
  const active = recent.find(isActive) ?? null;
  const lastRun = recent.find((run) => !isActive(run)) ?? null;
  const success = recent.find((run) => SUCCESS_STATUSES.includes(run.status)) ?? input.olderSuccess;
  const lastSuccessAt = success ? (success.finishedAt ?? success.startedAt) : null;
  const schedule = scheduleOf(kind === 'stock' ? connection.stockSchedule : connection.leadSchedule, {
    enabled: connection.enabled,
    schedulesRunHere: input.schedulesRunHere,
    timeZone: input.timeZone,
    now,
  });
  const since = new Date(lastSuccessAt ?? connection.createdAt).getTime();
  const stale = schedule.intervalMs !== null && now.getTime() - since > STALE_INTERVALS * schedule.intervalMs;

  let state: CardState;
  if (active) state = active.status as CardState;
  else if (!lastRun) state = 'never-run';
  else if (stale && SUCCESS_STATUSES.includes(lastRun.status)) state = 'stale';
  else state = lastRun.status as CardState;

  return {
    connectionId: connection.id,
    connectionName: connection.name,
    connectionEnabled: connection.enabled,
    kind,
    direction: DIRECTION[kind],
    state,
    runId: (active ?? lastRun)?.id ?? null,
    activeRun: active && {
      id: active.id,
      status: active.status as 'queued' | 'running',
      queuedAt: active.queuedAt,
      startedAt: active.startedAt,
      progress: active.progress,
      progressMessage: active.progressMessage,
    },
    lastRun: lastRun && {
      id: lastRun.id,
      status: lastRun.status as Exclude<RunStatus, 'queued' | 'running'>,
      startedAt: lastRun.startedAt,
      finishedAt: lastRun.finishedAt,
      durationMs: lastRun.durationMs,
      counts: lastRun.counts,
      errorMessage: lastRun.errorMessage,
    },
    lastSuccessAt,
    stale,
    failuresInARow: failuresInARow(recent),
    schedule,
  };
}

/** A Date's day in the server's time zone (the process's), YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The trend's days (oldest first, today last) and their bounds: the local midnights from the first day to
 * tomorrow (TREND_DAYS + 1 instants). A day is not always 24 hours long where clocks change.
 */
export function trendWindow(now: Date): { days: string[]; bounds: Date[] } {
  const midnight = (back: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - back);
  const bounds = Array.from({ length: TREND_DAYS + 1 }, (_, i) => midnight(TREND_DAYS - 1 - i));
  return { days: bounds.slice(0, TREND_DAYS).map(localDay), bounds };
}

/** One group of the trend query: runs of a day (its index in the window), kind and status. */
export interface TrendRow {
  day: number;
  kind: SyncKind;
  status: RunStatus;
  runs: number;
}

const emptyCounts = (): TrendCounts => ({ succeeded: 0, partial: 0, failed: 0, total: 0, successRate: null });

export function trendOf(rows: TrendRow[], days: string[], timeZone: string): DashboardTrend {
  const byDay = new Map(days.map((date) => [date, { date, stock: emptyCounts(), lead: emptyCounts() }]));
  for (const row of rows) {
    const counts = byDay.get(days[row.day])?.[row.kind];
    if (!counts) continue;
    if (row.status === 'succeeded' || row.status === 'partial') counts[row.status] += row.runs;
    else if (FAILURE_STATUSES.includes(row.status)) counts.failed += row.runs;
    else continue;
    counts.total += row.runs;
  }
  for (const day of byDay.values()) {
    for (const counts of [day.stock, day.lead]) {
      if (counts.total > 0) counts.successRate = Math.round((1000 * counts.succeeded) / counts.total) / 10;
    }
  }
  return { timeZone, days: [...byDay.values()] };
}

export function credentialStateOf(connection: Pick<Connection, 'credentials' | 'lastTest'>): CredentialState {
  if (connection.credentials.status === 'needs-reentry') return 'needs-reentry';
  return connection.lastTest && !connection.lastTest.ok ? 'test-failed' : 'ok';
}

/** A count of rows sharing a value (a listing status, a push status), for one connection or none. */
export interface CountRow {
  connectionId: string | null;
  value: string;
  count: number;
}

const sumOf = (rows: CountRow[], ...values: string[]) =>
  rows.filter((row) => values.includes(row.value)).reduce((sum, row) => sum + row.count, 0);

export function statsOf(input: {
  connections: Connection[];
  vehicles: CountRow[];
  leads: CountRow[];
  openConflicts: number;
}): DashboardStats {
  const list: DashboardConnection[] = input.connections.map((connection) => ({
    id: connection.id,
    name: connection.name,
    enabled: connection.enabled,
    credentials: credentialStateOf(connection),
    lastTestAt: connection.lastTest?.at ?? null,
  }));
  const byCredentials: Record<CredentialState, number> = { ok: 0, 'test-failed': 0, 'needs-reentry': 0 };
  for (const connection of list) byCredentials[connection.credentials] += 1;
  return {
    vehicles: { listed: sumOf(input.vehicles, 'listed'), unlisted: sumOf(input.vehicles, 'unlisted') },
    leads: {
      pushed: sumOf(input.leads, 'pushed'),
      pending: sumOf(input.leads, 'pending', 'pushing'),
      failed: sumOf(input.leads, 'failed'),
      skipped: sumOf(input.leads, 'skipped'),
    },
    connections: {
      total: list.length,
      enabled: list.filter((c) => c.enabled).length,
      byCredentials,
      list,
    },
    conflicts: { open: input.openConflicts },
  };
}

const quoted = (name: string) => `“${name}”`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Error messages are the run's own words; an alert keeps the first line of a long one. */
const brief = (message: string | null) => {
  const line = (message ?? 'no reason was recorded').split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

/** Alerts of one card: its failures, or that it has not succeeded for too long. A disabled connection raises none. */
function cardAlerts(card: DashboardCard, now: Date): DashboardAlert[] {
  if (!card.connectionEnabled) return [];
  const base = { connectionId: card.connectionId, kind: card.kind };
  const what = `${KIND_WORDS[card.kind]} of ${quoted(card.connectionName)}`;
  const alerts: DashboardAlert[] = [];
  const last = card.lastRun;
  const failures = card.failuresInARow;
  if (last && failures >= REPEATED_FAILURES) {
    alerts.push({
      ...base,
      type: 'repeated-failures',
      severity: 'danger',
      message: `The last ${failures} ${KIND_WORDS[card.kind]}s of ${quoted(card.connectionName)} failed; the latest: ${brief(last.errorMessage)}`,
      runId: last.id,
      link: { label: 'View the latest run', to: ADMIN_PATHS.run(last.id) },
    });
  } else if (last && failures > 0) {
    const interrupted = last.status === 'interrupted';
    alerts.push({
      ...base,
      type: 'run-failed',
      severity: interrupted ? 'warning' : 'danger',
      message: `The latest ${what} ${interrupted ? 'was interrupted' : 'failed'}: ${brief(last.errorMessage)}`,
      runId: last.id,
      link: { label: 'View the run', to: ADMIN_PATHS.run(last.id) },
    });
  }
  if (card.stale && card.schedule.intervalMs !== null) {
    const every = humanDuration(card.schedule.intervalMs);
    const message = card.lastSuccessAt
      ? `No ${what} has succeeded for ${humanDuration(now.getTime() - new Date(card.lastSuccessAt).getTime())} ` +
        `(it is scheduled every ${every})`
      : `No ${what} has succeeded since the connection was added (it is scheduled every ${every})`;
    alerts.push({
      ...base,
      type: 'stale',
      severity: 'warning',
      message,
      runId: card.runId,
      link:
        card.runId !== null
          ? { label: 'View the latest run', to: ADMIN_PATHS.run(card.runId) }
          : { label: 'Open connections', to: ADMIN_PATHS.connections },
    });
  }
  return alerts;
}

/** Everything that needs attention, the most serious first. */
export function alertsOf(input: {
  cards: DashboardCard[];
  connections: Connection[];
  leads: CountRow[];
  now: Date;
}): DashboardAlert[] {
  const alerts = input.cards.flatMap((card) => cardAlerts(card, input.now));
  const names = new Map(input.connections.map((c) => [c.id, c.name]));
  for (const connection of input.connections) {
    if (!connection.enabled) continue;
    const base = { connectionId: connection.id, kind: null, runId: null };
    const state = credentialStateOf(connection);
    if (state === 'needs-reentry') {
      alerts.push({
        ...base,
        type: 'credentials-reentry',
        severity: 'danger',
        message: `The stored credentials of ${quoted(connection.name)} can no longer be read: re-enter them to sync`,
        link: { label: 'Re-enter the credentials', to: ADMIN_PATHS.connections },
      });
    } else if (state === 'test-failed') {
      alerts.push({
        ...base,
        type: 'credentials-test-failed',
        severity: 'warning',
        message: `The latest connection test of ${quoted(connection.name)} failed: ${brief(connection.lastTest?.message ?? null)}`,
        link: { label: 'Check the connection', to: ADMIN_PATHS.connections },
      });
    }
  }
  for (const row of input.leads) {
    if (row.value !== 'failed' || row.count === 0) continue;
    const name = row.connectionId ? names.get(row.connectionId) : undefined;
    const of = name
      ? ` of ${quoted(name)}`
      : row.connectionId
        ? ' of a connection that no longer exists'
        : ' without a connection';
    alerts.push({
      type: 'leads-failed',
      severity: 'danger',
      message: `${plural(row.count, 'lead')}${of} could not be sent to EasyCars`,
      connectionId: row.connectionId,
      kind: 'lead',
      runId: null,
      link: { label: 'View the failed leads', to: ADMIN_PATHS.leads('failed', row.connectionId ?? undefined) },
    });
  }
  const rank = { danger: 0, warning: 1 } as const;
  return alerts
    .map((alert, order) => ({ alert, order }))
    .sort((a, b) => rank[a.alert.severity] - rank[b.alert.severity] || a.order - b.order)
    .map(({ alert }) => alert);
}
