/**
 * Contracts of the alert rules and their events: the rule types with what their threshold means, the request
 * schemas (checked per type, so a mistake is a 400 naming the field) and the answers.
 */
import { z } from 'zod';
import { MAX_PAGE, SYNC_KINDS, type Pagination, type SyncKind } from './sync';
import { requiredLine, wholeNumber } from './fields';

export const ALERT_TYPES = [
  'sync_failures',
  'failure_rate',
  'sync_duration',
  'api_error_rate',
  'api_throttled',
  'stale',
  'lead_sla',
  'queue_backlog',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** A rule is `ok` or `firing`; only a change between the two is notified. */
export const ALERT_STATES = ['ok', 'firing'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * An event is `firing` until its rule recovers (`recovered`, with a recovery notice) or is disabled, deleted or
 * pointed at something else (type, connection, kind) while firing (`closed`, without a notice).
 */
export const ALERT_EVENT_STATUSES = ['firing', 'recovered', 'closed'] as const;
export type AlertEventStatus = (typeof ALERT_EVENT_STATUSES)[number];

type ThresholdUnit = 'runs' | 'share' | 'seconds' | 'calls' | 'minutes';

export interface AlertTypeInfo {
  label: string;
  /** What the threshold counts; a share is 0–1 (0.25 is 25 %), never a percent. */
  unit: ThresholdUnit;
  /** The rule needs `windowMinutes` (and may not have it otherwise). */
  windowed: boolean;
  /** The rule may be narrowed to one kind of sync. */
  byKind: boolean;
  /** The threshold's smallest and largest value. */
  min: number;
  max: number;
  /** The threshold must be a whole number. */
  whole: boolean;
  /** The rule fires when its figure reaches the threshold (figure ≥ threshold); this says what the figure is. */
  figure: string;
}

const WEEK_SECONDS = 7 * 24 * 3600;
const YEAR_MINUTES = 366 * 24 * 60;

export const ALERT_TYPE_INFO: Record<AlertType, AlertTypeInfo> = {
  sync_failures: {
    label: 'Consecutive failed runs',
    unit: 'runs',
    windowed: false,
    byKind: true,
    min: 1,
    max: 1000,
    whole: true,
    figure: 'failed runs in a row, the latest first, of one connection and kind',
  },
  failure_rate: {
    label: 'Share of failed runs',
    unit: 'share',
    windowed: true,
    byKind: true,
    min: 0.01,
    max: 1,
    whole: false,
    figure: 'failed runs among the runs finished in the window',
  },
  sync_duration: {
    label: 'Run too long',
    unit: 'seconds',
    windowed: false,
    byKind: true,
    min: 1,
    max: WEEK_SECONDS,
    whole: true,
    figure: 'seconds a run in progress has taken so far, or the latest finished run took',
  },
  api_error_rate: {
    label: 'Share of failed EasyCars calls',
    unit: 'share',
    windowed: true,
    byKind: true,
    min: 0.01,
    max: 1,
    whole: false,
    figure: 'failed calls to EasyCars among the calls made in the window',
  },
  api_throttled: {
    label: 'EasyCars throttling',
    unit: 'calls',
    windowed: true,
    byKind: true,
    min: 1,
    max: 100_000,
    whole: true,
    figure: 'calls EasyCars answered with 429 (too many requests) in the window',
  },
  stale: {
    label: 'No successful run',
    unit: 'minutes',
    windowed: false,
    byKind: true,
    min: 1,
    max: YEAR_MINUTES,
    whole: true,
    figure: 'minutes since the latest succeeded (or partial) run of one connection and kind',
  },
  lead_sla: {
    label: 'Lead not in EasyCars',
    unit: 'minutes',
    windowed: false,
    byKind: false,
    min: 1,
    max: YEAR_MINUTES,
    whole: true,
    figure: 'minutes since the oldest website lead not yet in EasyCars was created',
  },
  queue_backlog: {
    label: 'Queue backing up',
    unit: 'seconds',
    windowed: false,
    byKind: true,
    min: 1,
    max: WEEK_SECONDS,
    whole: true,
    figure: 'seconds the oldest queued run has waited',
  },
};

export const MAX_ALERT_RECIPIENTS = 20;
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;

/** A missing value is "required"; a value of another type is not missing, it is the wrong type. */
const typed = (wrong: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : wrong),
});

const oneOf = (values: readonly string[]) =>
  values.length === 2 ? `must be "${values[0]}" or "${values[1]}"` : `must be one of ${values.join(', ')}`;

function thresholdRule(info: AlertTypeInfo): string {
  if (info.unit === 'share') return `must be a share from ${info.min} to ${info.max} (0.25 is 25%)`;
  return `must be a whole number of ${info.unit} from ${info.min} to ${info.max}`;
}

/** The body of POST /alert-rules and PUT /alert-rules/:id (a PUT replaces the whole rule). */
export const alertRuleSchema = z
  .object({
    name: requiredLine(100).describe('The rule’s name, shown in alerts and e-mails'),
    type: z
      .enum(ALERT_TYPES, typed(oneOf(ALERT_TYPES)))
      .describe('What the rule watches (failed runs in a row, success rate, API errors, …)'),
    connectionId: requiredLine(255)
      .nullish()
      .describe('Only this connection (its id); null or left out: every connection'),
    kind: z.enum(SYNC_KINDS, oneOf(SYNC_KINDS)).nullish().describe('Only stock or lead syncs; null or left out: both'),
    threshold: z
      .number(typed('must be a number'))
      .describe('The figure at which the rule fires, in the unit of its type (a share from 0 to 1 for rates)'),
    windowMinutes: z
      .number(typed('must be a number'))
      .nullish()
      .describe('The time the figure is measured over, in minutes (for the types that have one)'),
    severity: z.enum(ALERT_SEVERITIES, typed(oneOf(ALERT_SEVERITIES))).describe('warning or critical'),
    recipients: z
      .array(
        z.email('must be an e-mail address').max(254, 'must be at most 254 characters'),
        typed('must be a list of e-mail addresses')
      )
      .max(MAX_ALERT_RECIPIENTS, `must hold at most ${MAX_ALERT_RECIPIENTS} addresses`)
      .describe('E-mail addresses told when the rule fires and when it clears'),
    inApp: z.boolean(typed('must be true or false')).describe('Also notify admins in the admin panel'),
    enabled: z.boolean(typed('must be true or false')).describe('Whether the rule is evaluated'),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const info = ALERT_TYPE_INFO[rule.type];
    const { threshold, windowMinutes } = rule;
    if (
      !Number.isFinite(threshold) ||
      threshold < info.min ||
      threshold > info.max ||
      (info.whole && !Number.isInteger(threshold))
    ) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `${thresholdRule(info)} for ${rule.type}` });
    }
    if (info.windowed) {
      const range = `must be a whole number of minutes from 1 to ${MAX_WINDOW_MINUTES}`;
      if (windowMinutes === undefined || windowMinutes === null)
        ctx.addIssue({ code: 'custom', path: ['windowMinutes'], message: `is required for ${rule.type}` });
      else if (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > MAX_WINDOW_MINUTES)
        ctx.addIssue({ code: 'custom', path: ['windowMinutes'], message: range });
    } else if (windowMinutes !== undefined && windowMinutes !== null) {
      ctx.addIssue({ code: 'custom', path: ['windowMinutes'], message: `is not used by ${rule.type}: leave it out` });
    }
    if (!info.byKind && rule.kind) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `is not used by ${rule.type}: leave it out` });
    }
  });
export type AlertRuleInput = z.infer<typeof alertRuleSchema>;

export const listAlertsQuerySchema = z
  .object({
    status: z
      .enum(ALERT_EVENT_STATUSES, oneOf(ALERT_EVENT_STATUSES))
      .optional()
      .describe('Only alerts still firing, recovered or closed'),
    ruleId: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional().describe('Only alerts of this rule (its id)'),
    type: z.enum(ALERT_TYPES, oneOf(ALERT_TYPES)).optional().describe('Only alerts of rules of this type'),
    severity: z.enum(ALERT_SEVERITIES, oneOf(ALERT_SEVERITIES)).optional().describe('Only warning or critical alerts'),
    connectionId: requiredLine(255).optional().describe('Only alerts about this connection (its id)'),
    acknowledged: z
      .enum(['true', 'false'], 'must be "true" or "false"')
      .optional()
      .describe('"true": only acknowledged alerts; "false": only those not acknowledged'),
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 100).default(25).describe('Rows per page, at most 100'),
  })
  .strict();
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

export interface AlertRule {
  id: number;
  name: string;
  type: AlertType;
  connectionId: string | null;
  kind: SyncKind | null;
  threshold: number;
  windowMinutes: number | null;
  severity: AlertSeverity;
  recipients: string[];
  inApp: boolean;
  enabled: boolean;
  /** Whether the rule fires now, as of its latest evaluation. */
  state: AlertState;
  /** Since when the rule is in its state (null before its first change). */
  stateSince: string | null;
  lastEvaluatedAt: string | null;
  /** The figure of the latest evaluation (null when there was nothing to measure). */
  lastValue: number | null;
  /** The alert (event) of the current firing, while the rule fires. */
  openAlertId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlertEvent {
  id: number;
  ruleId: number;
  /** The rule's name and settings when it fired (the rule may have changed or gone since). */
  ruleName: string;
  type: AlertType;
  severity: AlertSeverity;
  connectionId: string | null;
  kind: SyncKind | null;
  status: AlertEventStatus;
  /** The figure when it fired, against the threshold. */
  value: number | null;
  threshold: number;
  /** Since when the condition holds, as measured when it fired. */
  since: string | null;
  firedAt: string;
  /** What was measured and where, in words, e.g. "3 failed runs in a row (Sandbox, stock)". */
  summary: string;
  /** Where to look in the admin, a path such as "/plugins/easycars/runs?status=failed". */
  link: string;
  recoveredAt: string | null;
  /** The figure when it recovered. */
  recoveredValue: number | null;
  /** Why a closed event ended (the rule disabled, changed or deleted). */
  closedReason: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: { id: number; name: string } | null;
}

export namespace ListAlertRules {
  export interface Response {
    data: AlertRule[];
    meta: Record<string, never>;
  }
}
export namespace CreateAlertRule {
  export type Request = AlertRuleInput;
  export interface Response {
    data: AlertRule;
    meta: Record<string, never>;
  }
}
export namespace UpdateAlertRule {
  export type Request = AlertRuleInput;
  export type Response = CreateAlertRule.Response;
}
export namespace DeleteAlertRule {
  export interface Response {
    data: { id: number };
    meta: Record<string, never>;
  }
}
export namespace ListAlerts {
  export interface Response {
    data: AlertEvent[];
    meta: { pagination: Pagination };
  }
}
export namespace AcknowledgeAlert {
  export interface Response {
    data: AlertEvent;
    meta: Record<string, never>;
  }
}
