/**
 * Contract of the dashboard endpoint (`GET /easycars/dashboard`), shared by the server and the admin: everything the
 * EasyCars Integration Dashboard and the Home page widget show, in one answer.
 */
import { z } from 'zod';
import type { RunCounts, RunStatus, SyncDirection, SyncKind } from './sync';

/** The dashboard takes no parameter; anything sent is refused by name rather than silently ignored. */
export const dashboardQuerySchema = z.object({}).strict();

/** Days the trend covers, today included. */
export const TREND_DAYS = 30;
/** Consecutive failed runs of one connection and kind that make a "repeated failures" alert. */
export const REPEATED_FAILURES = 3;
/** A sync is stale when nothing succeeded for this many schedule intervals. */
export const STALE_INTERVALS = 2;

/**
 * What a status card says about one connection and kind, worst news first in the UI's colours: a run in progress,
 * the outcome of the latest finished run, `stale` (it succeeded, but not for twice the schedule interval), or
 * `never-run`.
 */
export const CARD_STATES = [
  'running',
  'queued',
  'succeeded',
  'partial',
  'failed',
  'interrupted',
  'stale',
  'never-run',
] as const;
export type CardState = (typeof CARD_STATES)[number];

/** The finished run a card reports. */
export interface CardRun {
  id: number;
  status: Exclude<RunStatus, 'queued' | 'running'>;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  counts: RunCounts;
  errorMessage: string | null;
}

/** The run of the card that is queued or running. */
export interface CardActiveRun {
  id: number;
  status: Extract<RunStatus, 'queued' | 'running'>;
  queuedAt: string | null;
  startedAt: string | null;
  progress: number | null;
  progressMessage: string | null;
}

/**
 * The connection's schedule of this kind. `next` is the next fire time from the connection's cron, in `timeZone`
 * (the server's); when the schedule is off, `next` is null and `offReason` says why.
 */
export interface CardSchedule {
  pattern: string;
  timeZone: string;
  next: string | null;
  /** Time between two fire times around now, in ms; null when off. */
  intervalMs: number | null;
  offReason: string | null;
}

export interface DashboardCard {
  connectionId: string;
  connectionName: string;
  connectionEnabled: boolean;
  kind: SyncKind;
  direction: SyncDirection;
  state: CardState;
  /** The run the card is about (the active one, else the latest finished one): the card links to it. */
  runId: number | null;
  activeRun: CardActiveRun | null;
  lastRun: CardRun | null;
  /** When the latest run that succeeded (fully or partly) finished. */
  lastSuccessAt: string | null;
  /** Scheduled, yet nothing succeeded for STALE_INTERVALS intervals (since the connection was added, if ever). */
  stale: boolean;
  /** Finished runs that failed or were interrupted in a row, latest first (counted up to REPEATED_FAILURES). */
  failuresInARow: number;
  schedule: CardSchedule;
}

export interface TrendCounts {
  succeeded: number;
  partial: number;
  /** Failed and interrupted runs. */
  failed: number;
  total: number;
  /** Share of the day's runs that succeeded in full, 0–100 (one decimal); null on a day without runs. */
  successRate: number | null;
}

export interface TrendDay {
  /** The day in the server's time zone, YYYY-MM-DD. */
  date: string;
  stock: TrendCounts;
  lead: TrendCounts;
}

export interface DashboardTrend {
  timeZone: string;
  /** TREND_DAYS days, oldest first, today last; days without runs are there with zeros. */
  days: TrendDay[];
}

export const CREDENTIAL_STATES = ['ok', 'test-failed', 'needs-reentry'] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

export interface DashboardConnection {
  id: string;
  name: string;
  enabled: boolean;
  /** `test-failed`: the credentials can be read, but the latest Test connection failed. */
  credentials: CredentialState;
  lastTestAt: string | null;
}

export interface DashboardStats {
  /** Vehicles that came from EasyCars (any connection). */
  vehicles: { listed: number; unlisted: number };
  /** Leads by outbox state: `pending` includes leads being sent right now. */
  leads: { pushed: number; pending: number; failed: number; skipped: number };
  connections: {
    total: number;
    enabled: number;
    byCredentials: Record<CredentialState, number>;
    list: DashboardConnection[];
  };
  conflicts: { open: number };
}

export const ALERT_TYPES = [
  'run-failed',
  'repeated-failures',
  'stale',
  'credentials-reentry',
  'credentials-test-failed',
  'leads-failed',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export type AlertSeverity = 'danger' | 'warning';

/** Where an alert is fixed: a path inside the admin (for its router), e.g. `/plugins/easycars/runs/12`. */
export interface AlertLink {
  label: string;
  to: string;
}

export interface DashboardAlert {
  type: AlertType;
  severity: AlertSeverity;
  message: string;
  /** null for leads that belong to no connection. */
  connectionId: string | null;
  kind: SyncKind | null;
  runId: number | null;
  link: AlertLink;
}

export interface Dashboard {
  cards: DashboardCard[];
  trend: DashboardTrend;
  stats: DashboardStats;
  alerts: DashboardAlert[];
}

/** Admin paths the dashboard links to. */
export const ADMIN_PATHS = {
  dashboard: '/plugins/easycars',
  runs: '/plugins/easycars/runs',
  run: (id: number) => `/plugins/easycars/runs/${id}`,
  connections: '/plugins/easycars/settings/connections',
  /** The Content Manager's lead list, filtered by outbox state (and connection). */
  leads: (pushStatus: string, connectionId?: string) => {
    const filters = [`filters[$and][0][pushStatus][$eq]=${encodeURIComponent(pushStatus)}`];
    if (connectionId) filters.push(`filters[$and][1][connectionId][$eq]=${encodeURIComponent(connectionId)}`);
    return `/content-manager/collection-types/api::lead.lead?${filters.join('&')}&page=1`;
  },
};

export namespace GetDashboard {
  export interface Response {
    data: Dashboard;
    /** `generatedAt`: when the figures were read; `timeZone`: the server's, in which days and schedules are given. */
    meta: { generatedAt: string; timeZone: string };
  }
}
